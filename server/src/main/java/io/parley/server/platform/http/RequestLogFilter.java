package io.parley.server.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives every request an id (logged with each line, returned as {@code X-Request-Id}) and writes
 * one access line per request.
 */
public final class RequestLogFilter implements Filter {
    private static final Logger LOG = Logger.getLogger("io.parley.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String requestId = RequestIds.choose(req.headers().first(HeaderNames.create(RequestIds.HEADER)));
        HelidonMdc.set(RequestIds.MDC_KEY, requestId);
        req.context().register(new RequestIds.RequestId(requestId));
        res.header(RequestIds.HEADER, requestId);
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            if (LOG.isLoggable(Level.INFO)) {
                LOG.info(req.prologue().method().text() + " " + req.path().absolute().rawPath() + " " + res.status().code()
                        + " " + (micros / 1000.0) + "ms");
            }
            HelidonMdc.remove(RequestIds.MDC_KEY);
        }
    }
}
