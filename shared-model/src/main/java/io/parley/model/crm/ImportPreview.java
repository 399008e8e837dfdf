package io.parley.model.crm;

import java.util.List;
import java.util.Map;

/**
 * What an uploaded contact file holds, before anything is imported.
 *
 * @param suggestedMapping column name → contact field ({@code name}, {@code phone}, {@code customFields.<key>}, …)
 * @param format           CSV or XLSX
 * @param encoding         the character set detected for a CSV (null for XLSX)
 * @param delimiter        the delimiter detected for a CSV (null for XLSX)
 */
public record ImportPreview(List<String> columns, List<List<String>> sampleRows, Map<String, String> suggestedMapping,
                            int rowCount, String format, String encoding, String delimiter) {
}
