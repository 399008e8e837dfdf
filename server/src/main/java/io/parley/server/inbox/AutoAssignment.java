package io.parley.server.inbox;

import io.parley.server.org.Presence;
import io.parley.server.platform.db.Tx;

import java.util.Optional;

/**
 * When an organisation turns it on, a conversation that comes in (or back) without an assignee
 * goes to the next agent in turn — round-robin by who was assigned longest ago — among the active
 * members of the channel's team (or, without a team, the organisation's AGENTs) who are online and
 * below the organisation's limit of open conversations per agent.
 */
public final class AutoAssignment {

    /** The organisation's inbox settings. */
    public record Settings(boolean autoAssign, int maxOpenPerAgent, String agentScope) {
    }

    public Settings settings(Tx tx) {
        var row = tx.get("SELECT auto_assign, max_open_per_agent, agent_scope FROM org WHERE id = :org")
                .addParam("org", tx.orgId()).execute().orElseThrow();
        return new Settings(row.column("auto_assign").getBoolean(), row.column("max_open_per_agent").getInt(),
                row.column("agent_scope").getString());
    }

    public void update(Tx tx, Settings settings) {
        tx.dml("UPDATE org SET auto_assign = :on, max_open_per_agent = :max, agent_scope = :scope WHERE id = :org")
                .addParam("on", settings.autoAssign()).addParam("max", settings.maxOpenPerAgent())
                .addParam("scope", settings.agentScope()).addParam("org", tx.orgId())
                .execute();
    }

    /**
     * Assigns the conversation if the org wants it and someone can take it; returns the agent. The
     * settings are the caller's, read once for a batch of conversations.
     */
    public Optional<Long> assignIfWanted(Tx tx, long conversationId, Settings settings) {
        if (!settings.autoAssign()) {
            return Optional.empty();
        }
        Optional<Long> agent = tx.get("WITH target AS (SELECT c.id, ch.team_id FROM conversation c"
                        + "   JOIN channel ch ON ch.org_id = c.org_id AND ch.id = c.channel_id"
                        + "   WHERE c.org_id = :org AND c.id = :conversation AND c.assignee_id IS NULL)"
                        + " SELECT u.id FROM app_user u, target t WHERE u.org_id = :org AND u.active"
                        + " AND (CASE WHEN t.team_id IS NULL THEN u.role = 'AGENT' ELSE EXISTS (SELECT 1 FROM team_member tm"
                        + "   WHERE tm.org_id = u.org_id AND tm.team_id = t.team_id AND tm.user_id = u.id) END)"
                        + " AND " + Presence.onlineCondition()
                        + " AND (SELECT count(*) FROM conversation o WHERE o.org_id = u.org_id AND o.assignee_id = u.id"
                        + "   AND o.status <> 'RESOLVED') < :max"
                        + " ORDER BY u.last_assigned_at NULLS FIRST, u.id LIMIT 1")
                .addParam("org", tx.orgId()).addParam("conversation", conversationId).addParam("max", settings.maxOpenPerAgent())
                .execute().map(row -> row.column("id").getLong());
        agent.ifPresent(id -> {
            tx.dml("UPDATE conversation SET assignee_id = :agent, updated_at = now() WHERE org_id = :org AND id = :conversation")
                    .addParam("agent", id).addParam("org", tx.orgId()).addParam("conversation", conversationId).execute();
            tx.dml("UPDATE app_user SET last_assigned_at = clock_timestamp() WHERE org_id = :org AND id = :agent")
                    .addParam("org", tx.orgId()).addParam("agent", id).execute();
        });
        return agent;
    }
}
