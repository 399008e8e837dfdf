package io.parley.server.event;

import io.helidon.dbclient.DbClientException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.inbox.Visibility;
import io.parley.server.org.Presence;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.DatabaseUnavailableException;
import io.parley.server.platform.error.ValidationException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/v1/events}: the organisation's events as {@code text/event-stream}, {@code id:}
 * being the event id. {@code Last-Event-ID} (or {@code ?lastEventId=}) first replays every later
 * event, then the stream continues live from the same read loop — so there is no seam at which an
 * event could be lost or sent twice. A resume point older than the retained events gets a
 * {@code reset} event: reload, then carry on. A comment line keeps idle connections alive.
 *
 * <p>Each stream keeps its own position and is served from its organisation's {@link EventFeed}, or
 * reads the table itself when it is further back; a slow client blocks only its own virtual thread,
 * never another stream.
 */
public final class EventStreamService implements HttpService {
    private static final Logger LOG = Logger.getLogger(EventStreamService.class.getName());
    private static final int BATCH = 200;

    private final Database db;
    private final EventHub hub;
    private final EventRepository events;
    private final Duration keepAlive;
    private final Presence presence;
    private final Visibility visibility;

    public EventStreamService(Database db, EventHub hub, EventRepository events, Presence presence, Visibility visibility,
                              Duration keepAlive) {
        this.db = db;
        this.hub = hub;
        this.events = events;
        this.presence = presence;
        this.visibility = visibility;
        this.keepAlive = keepAlive;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::stream));
    }

    private void stream(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Optional<Long> resumeFrom = lastEventId(req);
        EventHub.Subscriber subscriber = hub.subscribe(principal.orgId());
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        try (OutputStream out = res.outputStream()) {
            EventRepository.Position position = db.inOrg(principal.orgId(), events::position);
            long last = position.latest();
            if (resumeFrom.isPresent()) {
                if (resumeFrom.get() < position.prunedThrough()) {
                    write(out, "id: " + position.latest() + "\nevent: reset\ndata: {\"reason\":\"Events after "
                            + resumeFrom.get() + " are no longer kept; reload, then continue.\"}\n\n");
                } else {
                    last = Math.min(resumeFrom.get(), position.latest());
                }
            }
            write(out, "retry: 2000\n: connected\n\n");
            presence.connected(principal);
            Long restricted = db.inOrg(principal.orgId(), tx -> visibility.restrictedAgent(tx, principal));
            pump(principal.orgId(), subscriber, out, last, restricted);
        } catch (UncheckedIOException | IOException e) {
            LOG.fine(() -> "Event stream of org " + principal.orgId() + " closed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(subscriber);
            presence.disconnected(principal);
        }
    }

    /** Sends events after {@code last} for as long as the client listens; ends by an exception (client gone). */
    private void pump(long orgId, EventHub.Subscriber subscriber, OutputStream out, long last, Long restrictedAgent)
            throws IOException, InterruptedException {
        while (true) {
            List<EventFeed.Frame> batch;
            try {
                long from = last;
                // Restricted agents' events are filtered by the table; everyone else is served by the feed.
                Optional<List<EventFeed.Frame>> recent = restrictedAgent == null ? subscriber.recent(from, BATCH) : Optional.empty();
                batch = recent.isPresent() ? recent.get() : db.inOrg(orgId, tx -> events.after(tx, from, BATCH, restrictedAgent))
                        .stream().map(e -> new EventFeed.Frame(e.id(), e.frame())).toList();
            } catch (DatabaseUnavailableException | DbClientException e) {
                // The database is away (restart): keep the client, send keep-alives, try again.
                LOG.log(Level.FINE, "Event stream waiting for the database", e);
                write(out, ": waiting for the database\n\n");
                subscriber.await(Duration.ofSeconds(1));
                continue;
            }
            if (!batch.isEmpty()) {
                StringBuilder chunk = new StringBuilder();
                for (EventFeed.Frame frame : batch) {
                    chunk.append(frame.text());
                }
                last = batch.getLast().id();
                write(out, chunk.toString());
            }
            if (batch.size() == BATCH) {
                continue;
            }
            if (!subscriber.await(keepAlive)) {
                write(out, ": keep-alive\n\n");
                presence.heartbeat(orgId);
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Optional<Long> lastEventId(ServerRequest req) {
        Optional<String> raw = req.headers().first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("lastEventId").asOptional());
        return raw.filter(s -> !s.isBlank()).map(s -> {
            try {
                long id = Long.parseLong(s.strip());
                if (id < 0) {
                    throw new NumberFormatException();
                }
                return id;
            } catch (NumberFormatException e) {
                throw ValidationException.of("Last-Event-ID", "must be an event id this stream sent");
            }
        });
    }
}
