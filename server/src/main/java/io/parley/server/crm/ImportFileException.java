package io.parley.server.crm;

import io.helidon.http.Status;
import io.parley.server.platform.error.ApiException;

/** 400: the uploaded contact file cannot be imported as it is; the detail says why and what to do. */
final class ImportFileException extends ApiException {
    ImportFileException(String detail) {
        super(Status.BAD_REQUEST_400, "https://parley.io/problems/import-file", "File cannot be imported", detail);
    }
}
