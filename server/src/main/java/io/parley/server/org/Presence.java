package io.parley.server.org;

import io.parley.server.auth.Principal;
import io.parley.server.event.EventLog;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is online: a user with an event stream open on any server instance. Kept in {@code presence}
 * (one row per user and instance) so that every instance agrees; a change of a user's online state
 * is a {@code presence.updated} event. Rows are refreshed by the streams' keep-alives and count as
 * online for {@link #FRESH}, so an instance that dies takes its users offline by itself.
 */
public final class Presence {
    public static final Duration FRESH = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(Presence.class.getName());

    private final Database db;
    private final EventLog events;
    private final String instanceId = UUID.randomUUID().toString();

    public Presence(Database db, EventLog events) {
        this.db = db;
        this.events = events;
    }

    /** SQL condition (alias {@code u} for app_user) that is true while the user is online. */
    public static String onlineCondition() {
        return "EXISTS (SELECT 1 FROM presence p WHERE p.org_id = u.org_id AND p.user_id = u.id"
                + " AND p.seen_at > now() - interval '" + FRESH.toSeconds() + " seconds')";
    }

    public void connected(Principal principal) {
        if (!principal.isUser()) {
            return;
        }
        update(principal, tx -> {
            boolean wasOnline = online(tx, principal.userId());
            tx.dml("INSERT INTO presence (org_id, user_id, instance_id, connections, seen_at)"
                            + " VALUES (:org, :user, :instance, 1, now()) ON CONFLICT (org_id, user_id, instance_id)"
                            + " DO UPDATE SET connections = presence.connections + 1, seen_at = now()")
                    .addParam("org", tx.orgId()).addParam("user", principal.userId()).addParam("instance", instanceId)
                    .execute();
            if (!wasOnline) {
                events.append(tx, "presence.updated", Map.of("userId", principal.userId(), "online", true));
            }
        });
    }

    public void disconnected(Principal principal) {
        if (!principal.isUser()) {
            return;
        }
        update(principal, tx -> {
            tx.dml("UPDATE presence SET connections = connections - 1 WHERE org_id = :org AND user_id = :user"
                            + " AND instance_id = :instance")
                    .addParam("org", tx.orgId()).addParam("user", principal.userId()).addParam("instance", instanceId)
                    .execute();
            tx.dml("DELETE FROM presence WHERE org_id = :org AND user_id = :user AND connections <= 0")
                    .addParam("org", tx.orgId()).addParam("user", principal.userId()).execute();
            if (!online(tx, principal.userId())) {
                events.append(tx, "presence.updated", Map.of("userId", principal.userId(), "online", false));
            }
        });
    }

    /** Keeps this instance's users of the org online while their streams stay open. */
    public void heartbeat(long orgId) {
        try {
            db.runInOrg(orgId, tx -> tx.dml("UPDATE presence SET seen_at = now() WHERE org_id = :org AND instance_id = :instance")
                    .addParam("org", orgId).addParam("instance", instanceId).execute());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Presence heartbeat skipped", e);
        }
    }

    private boolean online(Tx tx, long userId) {
        return tx.get("SELECT EXISTS (SELECT 1 FROM presence WHERE org_id = :org AND user_id = :user AND connections > 0"
                        + " AND seen_at > now() - interval '" + FRESH.toSeconds() + " seconds') AS online")
                .addParam("org", tx.orgId()).addParam("user", userId).execute().orElseThrow()
                .column("online").getBoolean();
    }

    private void update(Principal principal, Consumer<Tx> work) {
        try {
            db.runInOrg(principal.orgId(), work);
        } catch (RuntimeException e) {
            // Presence is a courtesy; a stream must not fail because of it (e.g. database restarting).
            LOG.log(Level.FINE, "Presence update skipped", e);
        }
    }
}
