package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 404: no such resource, or it belongs to another organisation (never revealed). */
public final class NotFoundException extends ApiException {
    public NotFoundException(String detail) {
        super(Status.NOT_FOUND_404, "https://parley.io/problems/not-found", "Not found", detail);
    }
}
