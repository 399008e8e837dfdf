package io.parley.desktop.api;

import io.parley.model.common.Problem;

import java.util.List;

/** The server answered with an error (problem+json); {@link #getMessage()} is readable as is. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String message, List<Problem.FieldError> errors) {
        super(message);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
