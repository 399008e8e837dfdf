package io.parley.server.inbox;

import io.parley.model.identity.Role;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Tx;

/**
 * Which conversations a caller sees. Everyone sees everything unless the organisation restricts
 * AGENTs to conversations assigned to them or to one of their teams; then lists, single
 * conversations (404 otherwise, like another tenant's) and event streams all apply that rule.
 */
public final class Visibility {
    public static final String ALL = "ALL";
    public static final String ASSIGNED_OR_TEAM = "ASSIGNED_OR_TEAM";

    /** The agent whose view is restricted, or null when the caller sees every conversation. */
    public Long restrictedAgent(Tx tx, Principal principal) {
        if (principal.role() != Role.AGENT || !principal.isUser()) {
            return null;
        }
        String scope = tx.get("SELECT agent_scope FROM org WHERE id = :org").addParam("org", tx.orgId()).execute()
                .orElseThrow().column("agent_scope").getString();
        return ASSIGNED_OR_TEAM.equals(scope) ? principal.userId() : null;
    }

    /** SQL condition on conversation alias {@code c}, bound with {@code :agent}. */
    static String condition(String c) {
        return "(" + c + ".assignee_id = :agent OR " + c + ".team_id IN (SELECT tm.team_id FROM team_member tm"
                + " WHERE tm.org_id = " + c + ".org_id AND tm.user_id = :agent))";
    }

    /** For event streams: events of no conversation, or of a visible one. */
    public static String eventCondition(String e) {
        return "(" + e + ".conversation_id IS NULL OR EXISTS (SELECT 1 FROM conversation c WHERE c.org_id = " + e
                + ".org_id AND c.id = " + e + ".conversation_id AND " + condition("c") + "))";
    }
}
