package io.parley.server.crm;

import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The first sheet of an .xlsx workbook, read with POI's streaming SAX reader: a row at a time, never
 * the whole workbook in memory. Numbers come out as written (a phone number is not shown as 4.9E+12),
 * dates as yyyy-mm-dd. A workbook that unpacks to far more than its size (a zip bomb) is refused.
 */
final class XlsxRows {
    static {
        // A sheet of 500,000 rows unpacks to well under this; a bomb does not, and is refused before it is inflated.
        ZipSecureFile.setMaxEntrySize(200L * 1024 * 1024);
        ZipSecureFile.setMinInflateRatio(0.005);
    }

    private XlsxRows() {
    }

    static void read(Path path, int skip, ImportFile.RowHandler handler) {
        try (OPCPackage pkg = OPCPackage.open(path.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new ImportFileException("The workbook has no sheets.");
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), strings,
                        new Rows(skip, handler), new PlainFormatter(), false));
                xml.parse(new InputSource(sheet));
            }
        } catch (ImportFileException e) {
            throw e;
        } catch (IOException | OpenXML4JException | OpenXML4JRuntimeException | POIXMLException | SAXException
                 | ParserConfigurationException | IllegalArgumentException | IllegalStateException e) {
            throw refusal(e);
        }
    }

    private static ImportFileException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Zip bomb") || message.contains("exceeds the max")) {
                throw new ImportFileException("The workbook unpacks to far more than its size (a zip bomb?);"
                        + " Parley does not read it. Save the sheet as CSV and import that.");
            }
        }
        return new ImportFileException("This is not an Excel workbook (.xlsx) that can be read; save it again"
                + " from Excel or as CSV and import that.");
    }

    /** Collects a row's cells by their column, filling the gaps a sparse sheet leaves. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final int skip;
        private final ImportFile.RowHandler handler;
        private final List<String> cells = new ArrayList<>();
        private int index;

        Rows(int skip, ImportFile.RowHandler handler) {
            this.skip = skip;
            this.handler = handler;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            index++;
            if (index > skip) {
                while (!cells.isEmpty() && cells.getLast().isEmpty()) {
                    cells.removeLast();
                }
                handler.row(rowNum + 1, List.copyOf(cells));
            }
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            if (column >= ImportFile.MAX_COLUMNS) {
                throw new ImportFileException("The sheet has cells in column " + (column + 1)
                        + "; Parley imports at most " + ImportFile.MAX_COLUMNS + " columns.");
            }
            if (value != null && value.length() > ImportFile.MAX_CELL) {
                throw new ImportFileException("A cell of row " + (index + 1) + " has "
                        + String.format("%,d", value.length()) + " characters; at most "
                        + String.format("%,d", ImportFile.MAX_CELL) + " are imported.");
            }
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }
    }

    /** Whole numbers in full (phone numbers), dates as ISO dates; everything else as Excel shows it. */
    private static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value).toLocalDate().toString();
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e16) {
                return new BigDecimal(value).toPlainString();
            }
            return super.formatRawCellContents(value, formatIndex, formatString);
        }
    }
}
