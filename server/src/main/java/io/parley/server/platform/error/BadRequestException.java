package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 400: the request cannot be read (malformed JSON, bad parameter). */
public final class BadRequestException extends ApiException {
    public BadRequestException(String detail) {
        super(Status.BAD_REQUEST_400, "https://parley.io/problems/bad-request", "Bad request", detail);
    }
}
