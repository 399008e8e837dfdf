package io.parley.server.event;

import io.parley.server.platform.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens on PostgreSQL's {@value EventLog#CHANNEL} channel over one dedicated connection and wakes
 * this instance's streams of the notified organisation — so an event committed through any server
 * instance reaches clients connected to every instance. When the connection breaks (database
 * restart) it reconnects with backoff and wakes every stream, which then re-read what they missed.
 */
public final class EventNotifications implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventNotifications.class.getName());

    private final Database db;
    private final EventHub hub;
    private volatile boolean running;
    private volatile Thread thread;

    public EventNotifications(Database db, EventHub hub) {
        this.db = db;
        this.hub = hub;
    }

    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("event-listener").start(this::loop);
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (Connection connection = db.dataSource().getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + EventLog.CHANNEL);
                }
                // Anything committed while we were not listening is picked up by a re-read.
                hub.wakeAll();
                backoff = Duration.ofMillis(200);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5_000);
                    if (notifications == null) {
                        // getNotifications does not notice a dead socket on its own; a round trip does.
                        try (Statement ping = connection.createStatement()) {
                            ping.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        wake(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "Event listener lost its database connection; reconnecting in " + backoff.toMillis() + " ms",
                        e instanceof SQLException ? null : e);
                hub.wakeAll();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private void wake(String payload) {
        try {
            hub.wake(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            hub.wakeAll();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
