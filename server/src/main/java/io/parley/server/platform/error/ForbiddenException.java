package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 403: the caller's role does not allow this. */
public final class ForbiddenException extends ApiException {
    public ForbiddenException(String detail) {
        super(Status.FORBIDDEN_403, "https://parley.io/problems/forbidden", "Forbidden", detail);
    }
}
