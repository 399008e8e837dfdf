package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 502: a provider outside Parley (Meta's Graph API) refused or failed; the detail says what it said. */
public final class BadGatewayException extends ApiException {
    public BadGatewayException(String detail) {
        super(Status.BAD_GATEWAY_502, "https://parley.io/problems/upstream", "Upstream provider failed", detail);
    }
}
