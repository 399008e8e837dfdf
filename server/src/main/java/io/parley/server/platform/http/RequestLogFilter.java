package io.parley.server.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives every request an id (logged with each line, returned as {@code X-Request-Id}), writes one
 * access line per request and times it in the {@code parley.http.requests} metric, tagged by method
 * and status class (not by path, whose ids would make the tag set unbounded).
 */
public final class RequestLogFilter implements Filter {
    private static final Logger LOG = Logger.getLogger("io.parley.access");
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

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
            long nanos = System.nanoTime() - start;
            long micros = nanos / 1000;
            String method = req.prologue().method().text();
            int status = res.status().code();
            timer(method, status / 100 + "xx").record(nanos, TimeUnit.NANOSECONDS);
            if (LOG.isLoggable(Level.INFO)) {
                LOG.info(method + " " + req.path().absolute().rawPath() + " " + status
                        + " " + (micros / 1000.0) + "ms");
            }
            HelidonMdc.remove(RequestIds.MDC_KEY);
        }
    }

    private Timer timer(String method, String statusClass) {
        return timers.computeIfAbsent(method + " " + statusClass, key -> Metrics.getOrCreate(
                Timer.builder("parley.http.requests")
                        .description("HTTP requests served, by method and status class")
                        .tags(Metrics.tags("method", method, "status", statusClass))));
    }
}
