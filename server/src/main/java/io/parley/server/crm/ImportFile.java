package io.parley.server.crm;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A contact file as it was uploaded: CSV in whichever encoding and delimiter it came (detected), or
 * an Excel workbook (its first sheet). Rows come out as lists of cell texts, header first, each with
 * its row number as a spreadsheet shows it; {@link #inspect} reads the whole file once and refuses
 * it, naming the problem, before anything is imported.
 */
record ImportFile(Path path, Format format, Charset charset, int bomLength, char delimiter) {
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int MAX_COLUMNS = 200;
    static final int MAX_ROWS = 500_000;
    static final int MAX_CELL = 10_000;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    enum Format { CSV, XLSX }

    /** Receives the rows of the file; may throw to stop reading. */
    @FunctionalInterface
    interface RowHandler {
        void row(int number, List<String> cells);
    }

    /** What a whole pass over the file found: the header, the first rows and how many data rows there are. */
    record Inspection(List<String> columns, List<List<String>> sampleRows, int rowCount) {
    }

    /** Recognises the format, and for CSV the encoding and delimiter; refuses formats it cannot read. */
    static ImportFile detect(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length == 0) {
            throw new ImportFileException("The file is empty.");
        }
        if (startsWith(head, 0x50, 0x4B, 0x03, 0x04)) {
            return new ImportFile(path, Format.XLSX, null, 0, ',');
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new ImportFileException("This is an old Excel (.xls) file; save it as .xlsx or .csv and import that.");
        }
        if (startsWith(head, 0x25, 0x50, 0x44, 0x46)) {
            throw new ImportFileException("This is a PDF; import a CSV or an Excel (.xlsx) file.");
        }
        int bom = 0;
        Charset charset;
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (startsWith(head, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (startsWith(head, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else {
            charset = utf16WithoutBom(head);
            if (charset == null) {
                charset = isUtf8(path) ? StandardCharsets.UTF_8 : WINDOWS_1252;
            }
        }
        String sample = decodeSample(head, bom, charset);
        if (sample.indexOf('\0') >= 0) {
            throw new ImportFileException("This is not a text file; import a CSV or an Excel (.xlsx) file.");
        }
        return new ImportFile(path, Format.CSV, charset, bom, delimiter(sample));
    }

    /** Reads every row: checks the limits and the quoting, counts the data rows, keeps the first few. */
    Inspection inspect(int samples) {
        List<String> header = new ArrayList<>();
        List<List<String>> sample = new ArrayList<>();
        int[] rows = {0};
        read(0, (number, cells) -> {
            boolean blank = cells.stream().allMatch(String::isBlank);
            if (header.isEmpty()) {
                if (blank) {
                    throw new ImportFileException("The first row is empty; it should name the columns.");
                }
                header.addAll(uniqueNames(cells));
                return;
            }
            if (blank) {
                return;
            }
            if (++rows[0] > MAX_ROWS) {
                throw new ImportFileException("The file has more than " + String.format("%,d", MAX_ROWS)
                        + " rows; split it into smaller files.");
            }
            if (sample.size() < samples) {
                sample.add(cells);
            }
        });
        if (header.isEmpty()) {
            throw new ImportFileException("The file has no rows.");
        }
        return new Inspection(header, sample, rows[0]);
    }

    /**
     * Calls {@code handler} for each row, header included, after skipping the first {@code skip}
     * rows (header included in the count); blank rows come too, so numbering stays that of the file.
     */
    void read(int skip, RowHandler handler) {
        if (format == Format.XLSX) {
            XlsxRows.read(path, skip, handler);
            return;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024)) {
            in.skipNBytes(bomLength);
            Reader reader = new InputStreamReader(in, charset);
            CSVParser parser = csvFormat().parse(reader);
            int index = 0;
            try {
                for (CSVRecord record : parser) {
                    index++;
                    if (record.size() > MAX_COLUMNS) {
                        throw new ImportFileException("Row " + index + " has " + String.format("%,d", record.size())
                                + " cells; Parley imports at most " + MAX_COLUMNS + " columns.");
                    }
                    if (index <= skip) {
                        continue;
                    }
                    List<String> cells = new ArrayList<>(record.size());
                    for (String value : record) {
                        if (value.length() > MAX_CELL) {
                            throw new ImportFileException("Row " + index + " has a cell of "
                                    + String.format("%,d", value.length()) + " characters; at most "
                                    + String.format("%,d", MAX_CELL) + " are imported.");
                        }
                        cells.add(value);
                    }
                    handler.row(index, cells);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new ImportFileException("The quoting is broken after row " + index
                        + ": a quoted cell is not closed, or has text after its closing quote.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CSVFormat csvFormat() {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(false).get();
    }

    /** Column names as they will be shown and mapped: blank ones named by position, repeats numbered. */
    private static List<String> uniqueNames(List<String> cells) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            String base = cells.get(i).strip();
            if (base.isEmpty()) {
                base = "Column " + (i + 1);
            }
            String name = base;
            for (int n = 2; !seen.add(name.toLowerCase()); n++) {
                name = base + " (" + n + ")";
            }
            names.add(name);
        }
        return names;
    }

    /** UTF-16 without a byte-order mark shows as a zero byte in every other place of ASCII text. */
    private static Charset utf16WithoutBom(byte[] head) {
        int pairs = Math.min(head.length / 2, 2048);
        if (pairs < 4) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < pairs; i++) {
            if (head[2 * i] == 0) {
                evenZeros++;
            }
            if (head[2 * i + 1] == 0) {
                oddZeros++;
            }
        }
        if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Whether the whole file decodes as UTF-8; if not, it is taken as Windows-1252 (what Excel writes on Windows). */
    private static boolean isUtf8(Path path) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(path)) {
            ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
            CharBuffer chars = CharBuffer.allocate(64 * 1024);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer, 0, bytes.remaining())) > 0) {
                bytes.put(buffer, 0, n);
                bytes.flip();
                if (decoder.decode(bytes, chars, false).isError()) {
                    return false;
                }
                bytes.compact();
                chars.clear();
            }
            bytes.flip();
            return !decoder.decode(bytes, chars, true).isError() && !decoder.flush(chars).isError();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decodeSample(byte[] head, int bom, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(head, bom, head.length - bom)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The delimiter that splits the first lines into the same number of cells, more than one; of
     * those the one giving most cells. A comma when nothing splits (a file of one column).
     */
    static char delimiter(String sample) {
        int cut = sample.lastIndexOf('\n');
        String lines = cut > 0 ? sample.substring(0, cut) : sample;
        char best = ',';
        double bestScore = 0;
        for (char candidate : DELIMITERS) {
            List<Integer> sizes = new ArrayList<>();
            try (CSVParser parser = CSVFormat.RFC4180.builder().setDelimiter(candidate).get().parse(new StringReader(lines))) {
                for (CSVRecord record : parser) {
                    sizes.add(record.size());
                    if (sizes.size() == 50) {
                        break;
                    }
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                continue;
            }
            if (sizes.isEmpty() || sizes.getFirst() < 2) {
                continue;
            }
            int first = sizes.getFirst();
            long same = sizes.stream().filter(size -> size == first).count();
            double score = (double) same / sizes.size() * 1000 + first;
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
