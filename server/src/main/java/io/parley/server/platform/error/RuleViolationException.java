package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 422: well-formed, but a business rule forbids it. */
public final class RuleViolationException extends ApiException {
    public RuleViolationException(String detail) {
        super(Status.UNPROCESSABLE_CONTENT_422, "https://parley.io/problems/rule-violated", "Rule violated", detail);
    }
}
