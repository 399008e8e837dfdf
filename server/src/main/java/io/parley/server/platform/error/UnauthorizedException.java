package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 401: no credentials, or credentials we did not issue or that are no longer valid. */
public final class UnauthorizedException extends ApiException {
    public UnauthorizedException(String detail) {
        super(Status.UNAUTHORIZED_401, "https://parley.io/problems/unauthorized", "Unauthorized", detail);
    }
}
