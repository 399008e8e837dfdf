package io.parley.desktop.api;

import io.parley.model.common.Problem;

import java.util.List;

/** The server answered with an error (problem+json); {@link #getMessage()} is readable as is. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<Problem.FieldError> errors;
    private final Long existingId;

    public ApiException(int status, String message, List<Problem.FieldError> errors) {
        this(status, message, errors, null);
    }

    /** @param existingId with a 409: the record the request collided with */
    public ApiException(int status, String message, List<Problem.FieldError> errors, Long existingId) {
        super(message);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.existingId = existingId;
    }

    public Long existingId() {
        return existingId;
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
