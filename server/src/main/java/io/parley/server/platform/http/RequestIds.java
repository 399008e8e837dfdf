package io.parley.server.platform.http;

import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id that ties one request's log lines and error answers together. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** The caller's id when it is a sane token (so a proxy's id carries through), else a new one. */
    static String choose(Optional<String> fromCaller) {
        return fromCaller.filter(id -> ACCEPTABLE.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    public static Optional<String> current() {
        return HelidonMdc.get(MDC_KEY);
    }

    /** The id of {@code req}, also after the filter that set it has returned (error handlers run then). */
    public static Optional<String> of(ServerRequest req) {
        return req.context().get(RequestId.class).map(RequestId::value);
    }

    /** Kept in the request context under its own type. */
    record RequestId(String value) {
    }
}
