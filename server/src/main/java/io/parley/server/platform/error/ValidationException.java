package io.parley.server.platform.error;

import io.helidon.http.Status;
import io.parley.model.common.Problem;

import java.util.List;

/** 400 with one entry per invalid field. */
public final class ValidationException extends ApiException {
    private final List<Problem.FieldError> errors;

    public ValidationException(List<Problem.FieldError> errors) {
        super(Status.BAD_REQUEST_400, "https://parley.io/problems/validation", "Validation failed",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new Problem.FieldError(field, message)));
    }

    @Override
    public List<Problem.FieldError> errors() {
        return errors;
    }
}
