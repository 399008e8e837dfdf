package io.parley.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details, the body of every error response ({@code application/problem+json}).
 * {@code existingId} names the record a 409 collided with (e.g. the contact that has the phone already).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
                      Long existingId) {
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    /** One invalid field of a request body. */
    public record FieldError(String field, String message) {
    }
}
