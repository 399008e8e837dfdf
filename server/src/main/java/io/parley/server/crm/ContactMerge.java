package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.Contact;
import io.parley.server.auth.Principal;
import io.parley.server.org.AuditLog;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two contacts that are one customer become one: the survivor keeps what it has and takes from the
 * other what it lacks (name, email, stage, owner, custom-field values); the other's conversations,
 * tags and timeline move over; the other is deleted. Audited, and irreversible.
 */
public final class ContactMerge {
    /** The inbox's part: a contact's conversations moved onto another. */
    @FunctionalInterface
    public interface ConversationMover {
        void move(Tx tx, long fromContact, long intoContact);
    }

    private final CrmContactRepository contacts;
    private final ConversationMover conversations;
    private final ActivityLog activities;
    private final AuditLog audit;

    ContactMerge(CrmContactRepository contacts, ConversationMover conversations, ActivityLog activities, AuditLog audit) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.activities = activities;
        this.audit = audit;
    }

    Contact merge(Tx tx, Principal actor, Contact survivor, Contact other) {
        Map<String, JsonNode> values = new HashMap<>(other.customFields());
        values.putAll(survivor.customFields());
        Contact merged = new Contact(survivor.id(), survivor.name() != null ? survivor.name() : other.name(),
                survivor.phone(), survivor.waId(), survivor.email() != null ? survivor.email() : other.email(),
                survivor.tags(), survivor.stageId() != null ? survivor.stageId() : other.stageId(),
                survivor.ownerId() != null ? survivor.ownerId() : other.ownerId(), values,
                survivor.optedOut() || other.optedOut(), survivor.optedOut() ? survivor.optedOutAt() : other.optedOutAt(),
                survivor.aiEnabled() && other.aiEnabled(), survivor.source(), survivor.createdAt(), survivor.lastSeenAt(),
                survivor.lastInboundAt());

        conversations.move(tx, other.id(), survivor.id());
        tx.dml("INSERT INTO contact_tag (org_id, contact_id, tag_id) SELECT org_id, :into, tag_id FROM contact_tag"
                        + " WHERE org_id = :org AND contact_id = :from ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId()).addParam("from", other.id()).addParam("into", survivor.id()).execute();
        tx.dml("UPDATE activity SET contact_id = :into WHERE org_id = :org AND contact_id = :from")
                .addParam("org", tx.orgId()).addParam("from", other.id()).addParam("into", survivor.id()).execute();
        // The other row goes first: its email and number must be free before the survivor may hold them.
        tx.dml("DELETE FROM contact WHERE org_id = :org AND id = :id").addParam("org", tx.orgId())
                .addParam("id", other.id()).execute();
        contacts.update(tx, merged);
        tx.dml("UPDATE contact SET last_seen_at = GREATEST(last_seen_at, :seen), last_inbound_at = GREATEST(last_inbound_at,"
                        + " :inbound) WHERE org_id = :org AND id = :id")
                .addParam("seen", other.lastSeenAt() == null ? null : Rows.utc(other.lastSeenAt()))
                .addParam("inbound", other.lastInboundAt() == null ? null : Rows.utc(other.lastInboundAt()))
                .addParam("org", tx.orgId()).addParam("id", survivor.id()).execute();

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("otherId", other.id());
        data.put("otherName", other.name());
        data.put("otherPhone", other.phone());
        data.put("otherEmail", other.email());
        activities.record(tx, survivor.id(), "contact.merged", actor.userId(), "Merged with " + describe(other), data);
        audit.record(tx, actor, "contact.merged", "contact", survivor.id(), data);
        return contacts.byId(tx, survivor.id()).orElseThrow();
    }

    private static String describe(Contact c) {
        String name = c.name() == null ? "a contact" : c.name();
        return c.phone() == null ? name : name + " (" + c.phone() + ")";
    }
}
