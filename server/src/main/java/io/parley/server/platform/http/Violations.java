package io.parley.server.platform.http;

import io.parley.model.common.Problem;
import io.parley.server.platform.error.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every invalid field of a request before answering, so the client sees them all at once. */
public final class Violations {
    // Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Violations required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(field, "is required");
        }
        return this;
    }

    /** Whether {@code value} looks like an email address (see {@link #EMAIL}). */
    public static boolean isEmail(String value) {
        return value != null && value.length() <= 254 && EMAIL.matcher(value.strip()).matches();
    }

    public Violations email(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else if (!isEmail(value)) {
            add(field, "is not a valid email address");
        }
        return this;
    }

    /** A non-blank string of at most {@code max} characters. */
    public Violations text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else if (value.strip().length() > max) {
            add(field, "must be at most " + max + " characters");
        }
        return this;
    }

    /** Optional string: when present, non-blank and at most {@code max} characters. */
    public Violations optionalText(String field, String value, int max) {
        return value == null ? this : text(field, value, max);
    }

    public Violations password(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, "is required");
        } else if (value.codePointCount(0, value.length()) < 10) {
            add(field, "must be at least 10 characters");
        } else if (value.length() > 256) {
            add(field, "must be at most 256 characters");
        }
        return this;
    }

    public Violations check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return this;
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }
}
