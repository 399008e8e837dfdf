package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 409: the request clashes with existing state (duplicate, already used). */
public final class ConflictException extends ApiException {
    public ConflictException(String detail) {
        super(Status.CONFLICT_409, "https://parley.io/problems/conflict", "Conflict", detail);
    }
}
