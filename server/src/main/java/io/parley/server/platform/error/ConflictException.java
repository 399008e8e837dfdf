package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 409: the request clashes with existing state (duplicate, already used). */
public final class ConflictException extends ApiException {
    private final Long existingId;

    public ConflictException(String detail) {
        this(detail, null);
    }

    /** A duplicate of the record {@code existingId}, which the answer names so the client can go to it. */
    public ConflictException(String detail, Long existingId) {
        super(Status.CONFLICT_409, "https://parley.io/problems/conflict", "Conflict", detail);
        this.existingId = existingId;
    }

    @Override
    public Long existingId() {
        return existingId;
    }
}
