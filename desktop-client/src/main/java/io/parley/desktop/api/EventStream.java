package io.parley.desktop.api;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's event stream, kept open: on any drop it reconnects with exponential backoff
 * (0.5 s doubling to 30 s) and {@code Last-Event-ID}, so nothing is missed; an expired access token
 * is renewed first. Callbacks arrive on OkHttp's threads — UI code hands them to the FX thread.
 */
public final class EventStream implements AutoCloseable {
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Where a stream stands. */
    public enum State { CONNECTING, LIVE, RECONNECTING, CLOSED }

    /** Receives events and state changes. */
    public interface Listener {
        void onEvent(long id, String type, String data);

        void onState(State state);

        /** The server no longer has events after our position: reload everything, then carry on. */
        default void onReset() {
        }
    }

    private final ParleyClient client;
    private final Listener listener;
    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-events");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastEventId = -1;
    private volatile Duration retry = FIRST_RETRY;
    private volatile EventSource source;
    private volatile boolean closed;

    public EventStream(ParleyClient client, Listener listener) {
        this.client = client;
        this.listener = listener;
        // Keep-alives arrive every 15 s; a minute of silence means the connection is gone.
        this.http = client.http().newBuilder().readTimeout(Duration.ofSeconds(60)).build();
    }

    /** Opens the stream; with a position, events after it are replayed first. */
    public void start(Long fromEventId) {
        if (fromEventId != null) {
            lastEventId = fromEventId;
        }
        listener.onState(State.CONNECTING);
        connect();
    }

    public long lastEventId() {
        return lastEventId;
    }

    private void connect() {
        if (closed) {
            return;
        }
        Request.Builder request = new Request.Builder().url(client.serverUrl().replaceAll("/+$", "") + "/api/v1/events")
                .header("Accept", "text/event-stream");
        String token = client.tokens().accessToken();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId >= 0) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        source = EventSources.createFactory(http).newEventSource(request.build(), new EventSourceListener() {
            @Override
            public void onOpen(EventSource eventSource, Response response) {
                retry = FIRST_RETRY;
                listener.onState(State.LIVE);
            }

            @Override
            public void onEvent(EventSource eventSource, String id, String type, String data) {
                if (id != null) {
                    lastEventId = Long.parseLong(id);
                }
                if ("reset".equals(type)) {
                    listener.onReset();
                } else {
                    listener.onEvent(lastEventId, type == null ? "message" : type, data);
                }
            }

            @Override
            public void onClosed(EventSource eventSource) {
                reconnectLater(false);
            }

            @Override
            public void onFailure(EventSource eventSource, Throwable t, Response response) {
                reconnectLater(response != null && response.code() == 401);
            }
        });
    }

    private void reconnectLater(boolean tokenExpired) {
        if (closed) {
            return;
        }
        listener.onState(State.RECONNECTING);
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        scheduler.schedule(() -> {
            if (tokenExpired) {
                try {
                    client.refresh();
                } catch (SessionExpiredException e) {
                    close();
                    return;
                } catch (RuntimeException e) {
                    // server still away: the next attempt tries again
                }
            }
            connect();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        EventSource s = source;
        if (s != null) {
            s.cancel();
        }
        scheduler.shutdownNow();
        listener.onState(State.CLOSED);
    }
}
