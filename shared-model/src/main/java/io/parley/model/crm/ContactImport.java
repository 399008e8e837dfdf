package io.parley.model.crm;

import java.time.Instant;
import java.util.List;

/**
 * An import of a contact file and how far it got.
 *
 * @param status    RUNNING, DONE or FAILED
 * @param total     data rows in the file (blank rows not counted)
 * @param processed data rows handled so far: created + updated + skipped + failed
 * @param errors    the first rejected rows; {@code /errors.csv} has them all
 * @param failure   why the whole import failed, when it did
 */
public record ContactImport(long id, String status, String filename, int total, int processed, int created,
                            int updated, int skipped, int failed, List<ImportError> errors, String failure,
                            Instant createdAt, Instant finishedAt) {

    /** @param row the row as a spreadsheet numbers it (the header is row 1); column is the file's column name */
    public record ImportError(int row, String column, String message) {
    }

    public boolean finished() {
        return !"RUNNING".equals(status);
    }
}
