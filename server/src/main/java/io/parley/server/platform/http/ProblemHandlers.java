package io.parley.server.platform.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Problem;
import io.parley.server.platform.db.DatabaseUnavailableException;
import io.parley.server.platform.error.ApiException;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every error into RFC 9457 {@code application/problem+json}: our own {@link ApiException}s,
 * Helidon's HTTP exceptions (unknown route, bad request line, oversized body) and anything unexpected,
 * which becomes a 500 without a stack trace (the trace goes to the log, tagged with the request id).
 */
public final class ProblemHandlers {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemHandlers.class.getName());
    private static final int RETRY_AFTER_SECONDS = 5;

    private final Json json;

    public ProblemHandlers(Json json) {
        this.json = json;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, this::apiException)
                .error(HttpException.class, this::httpException)
                .error(Exception.class, this::unexpected);
    }

    /** Errors raised before routing (malformed request line, body over the listener limit). */
    public DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, (request, eventType, status, headers, message) ->
                    DirectHandler.TransportResponse.builder()
                            .status(status)
                            .headers(headers)
                            .header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE)
                            .entity(json.bytes(problemFor(status, directDetail(status), request.path())))
                            .keepAlive(eventType.keepAlive())
                            .build());
        }
        return builder.build();
    }

    private void apiException(ServerRequest req, ServerResponse res, ApiException e) {
        e.headers().forEach((name, value) -> res.header(name, value));
        if (e.status().code() == 413) {
            // The unread rest of the body would otherwise be drained before the answer; close instead.
            res.header(HeaderNames.CONNECTION, "close");
        }
        write(req, res, e.status(), new Problem(e.type(), e.title(), e.status().code(), e.getMessage(),
                req.path().absolute().rawPath(), e.errors(), e.existingId()));
    }

    private void httpException(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        if (status.code() >= 500) {
            unexpected(req, res, e);
            return;
        }
        String detail = status == Status.NOT_FOUND_404
                ? "No resource at " + req.prologue().method().text() + " " + req.path().absolute().rawPath() + "."
                : null;
        write(req, res, status, problemFor(status, detail, req.path().absolute().rawPath()));
    }

    private void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        if (DatabaseUnavailableException.explains(e)) {
            unavailable(req, res, e);
            return;
        }
        String requestId = RequestIds.of(req).orElse("-");
        LOG.log(Level.SEVERE, "Unhandled error on " + req.prologue().method().text() + " " + req.path().absolute().rawPath(), e);
        write(req, res, Status.INTERNAL_SERVER_ERROR_500, new Problem("https://parley.io/problems/internal",
                "Internal server error", 500,
                "Something went wrong on our side. Quote request id " + requestId + " when reporting it.",
                req.path().absolute().rawPath(), List.of()));
    }

    /**
     * The database is down or every connection is busy: a passing condition, so 503 with Retry-After
     * (Meta retries webhooks on it) and one log line rather than a stack trace per request.
     */
    private void unavailable(ServerRequest req, ServerResponse res, Exception e) {
        LOG.warning("Database unavailable on " + req.prologue().method().text() + " " + req.path().absolute().rawPath()
                + ": " + e.getMessage());
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        write(req, res, Status.SERVICE_UNAVAILABLE_503, new Problem("https://parley.io/problems/service-unavailable",
                "Service unavailable", 503, "The server cannot reach its database right now; try again in a few seconds.",
                req.path().absolute().rawPath(), List.of()));
    }

    private void write(ServerRequest req, ServerResponse res, Status status, Problem problem) {
        if (res.isSent()) {
            return;
        }
        // Helidon clears the headers set before an error; the request id must survive.
        RequestIds.of(req).ifPresent(id -> res.header(RequestIds.HEADER, id));
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(json.bytes(problem));
    }

    private static String directDetail(Status status) {
        return status.code() == 413
                ? "The request body is larger than this server accepts."
                : null;
    }

    private static Problem problemFor(Status status, String detail, String instance) {
        String slug = status.reasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return new Problem("https://parley.io/problems/" + slug, status.reasonPhrase(), status.code(),
                detail == null ? status.reasonPhrase() + "." : detail, instance, List.of());
    }
}
