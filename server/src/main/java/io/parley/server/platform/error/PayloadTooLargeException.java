package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 413: the request body is over the limit. */
public final class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String detail) {
        super(Status.REQUEST_ENTITY_TOO_LARGE_413, "https://parley.io/problems/payload-too-large", "Payload too large", detail);
    }
}
