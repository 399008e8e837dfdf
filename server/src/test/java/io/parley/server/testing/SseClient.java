package io.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A text/event-stream client for tests: parses events into a queue as they arrive. */
public final class SseClient implements AutoCloseable {
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final int status;
    private final Thread reader;

    /** One server-sent event. */
    public record Event(Long id, String type, String data) {
    }

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    public static SseClient connect(int port, String token, Long lastEventId) {
        return connect(port, token, lastEventId, false);
    }

    /** As a browser's EventSource would, which cannot set headers: the resume point in the query. */
    public static SseClient connectWithQuery(int port, String token, long lastEventId) {
        return connect(port, token, lastEventId, true);
    }

    private static SseClient connect(int port, String token, Long lastEventId, boolean inQuery) {
        String query = inQuery ? "?lastEventId=" + lastEventId : "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events" + query))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null && !inQuery) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        try {
            return new SseClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            Long id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (type != null || data != null) {
                        events.add(new Event(id, type == null ? "message" : type, data == null ? "" : data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        }
    }

    /** The next event within {@code timeout}, or null. */
    public Event next(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Events until one matches (inclusive); fails after {@code timeout}. */
    public List<Event> until(Predicate<Event> match, Duration timeout) {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = next(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (e != null) {
                seen.add(e);
                if (match.test(e)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("No matching event within " + timeout + "; saw " + seen);
    }

    /** Everything that arrives within {@code window}. */
    public List<Event> drain(Duration window) {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        Event e;
        while ((e = next(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)))) != null) {
            seen.add(e);
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        return seen;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
