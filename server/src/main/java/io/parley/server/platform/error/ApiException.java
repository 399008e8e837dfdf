package io.parley.server.platform.error;

import io.helidon.http.Status;
import io.parley.model.common.Problem;

import java.util.List;
import java.util.Map;

/**
 * An error the client caused or must know about; turned into {@code application/problem+json} in
 * one place ({@link ProblemHandlers}). Handlers throw one of the subclasses instead of writing
 * error responses themselves.
 */
public abstract class ApiException extends RuntimeException {
    private final Status status;
    private final String type;
    private final String title;

    protected ApiException(Status status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public Status status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The record a conflict collided with, named in the problem's {@code existingId}; null otherwise. */
    public Long existingId() {
        return null;
    }

    /** Field errors for validation problems; empty otherwise. */
    public List<Problem.FieldError> errors() {
        return List.of();
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
