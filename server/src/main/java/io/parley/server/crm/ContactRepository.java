package io.parley.server.crm;

import io.helidon.dbclient.DbRow;
import io.parley.model.inbox.ContactSummary;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code contact} table. WhatsApp names a customer by wa_id (their number's digits), by a
 * business-scoped user id (BSUID), or both; a contact is keyed on whichever is present and the two
 * are merged when a message shows they are the same person.
 */
public final class ContactRepository {
    private static final String COLUMNS = "id, wa_id, phone, bsuid, username, name";

    /** Who WhatsApp says wrote; any field may be null but not both wa_id and bsuid. */
    public record Identity(String waId, String bsuid, String username, String name) {
    }

    public record Contact(long id, String waId, String phone, String bsuid, String username, String name) {
        public ContactSummary summary() {
            return new ContactSummary(id, name != null ? name : username != null ? username : phone, phone);
        }
    }

    /**
     * Finds or creates the contact for {@code who}, fills in what was unknown (phone, name, BSUID) and
     * merges a BSUID-only contact into the numbered one once a message carries both.
     *
     * @param merge moves everything of the first contact onto the second (conversations belong to the inbox)
     */
    public Contact upsert(Tx tx, Identity who, Merger merge) {
        Optional<Contact> byWa = who.waId() == null ? Optional.empty() : find(tx, "wa_id", who.waId());
        Optional<Contact> byBsuid = who.bsuid() == null ? Optional.empty() : find(tx, "bsuid", who.bsuid());
        if (byWa.isPresent() && byBsuid.isPresent() && byWa.get().id() != byBsuid.get().id()) {
            merge.merge(tx, byBsuid.get().id(), byWa.get().id());
            tx.dml("DELETE FROM contact WHERE org_id = :org AND id = :id")
                    .addParam("org", tx.orgId()).addParam("id", byBsuid.get().id()).execute();
        }
        Optional<Contact> existing = byWa.or(() -> byBsuid);
        if (existing.isEmpty()) {
            String phone = PhoneNumbers.toE164(who.waId()).orElse(null);
            String conflictKey = who.waId() != null ? "(org_id, wa_id) WHERE wa_id IS NOT NULL"
                    : "(org_id, bsuid) WHERE bsuid IS NOT NULL";
            Contact fresh = new Contact(0, who.waId(), phone, who.bsuid(), who.username(), who.name());
            // ON CONFLICT: a concurrent delivery for the same new customer must not fail this one.
            Optional<Contact> created = Tx.one(tx.get("INSERT INTO contact (org_id, wa_id, phone, bsuid, username, name, search_text)"
                            + " VALUES (:org, :wa, :phone, :bsuid, :username, :name, :search) ON CONFLICT " + conflictKey
                            + " DO NOTHING RETURNING " + COLUMNS)
                    .addParam("org", tx.orgId())
                    .addParam("wa", fresh.waId())
                    .addParam("phone", fresh.phone())
                    .addParam("bsuid", fresh.bsuid())
                    .addParam("username", fresh.username())
                    .addParam("name", fresh.name())
                    .addParam("search", searchText(fresh)), ContactRepository::contact);
            if (created.isPresent()) {
                return created.get();
            }
            existing = who.waId() != null ? find(tx, "wa_id", who.waId()) : find(tx, "bsuid", who.bsuid());
        }
        Contact c = existing.orElseThrow();
        Contact merged = merged(c, who);
        if (merged.equals(c)) {
            // The usual case, a customer writing again: nothing to write.
            return c;
        }
        // The email is the CRM's, not WhatsApp's: it stays searchable whatever WhatsApp says now.
        tx.dml("UPDATE contact SET wa_id = :wa, phone = :phone, bsuid = :bsuid, username = :username, name = :name,"
                        + " search_text = :search || coalesce(' ' || email, ''), updated_at = now()"
                        + " WHERE org_id = :org AND id = :id")
                .addParam("wa", merged.waId())
                .addParam("phone", merged.phone())
                .addParam("bsuid", merged.bsuid())
                .addParam("username", merged.username())
                .addParam("name", merged.name())
                .addParam("search", searchText(merged))
                .addParam("org", tx.orgId())
                .addParam("id", c.id())
                .execute();
        return merged;
    }

    /** What is known is kept; the name and username are WhatsApp's latest. */
    private static Contact merged(Contact c, Identity who) {
        return new Contact(c.id(), c.waId() != null ? c.waId() : who.waId(),
                c.phone() != null ? c.phone() : PhoneNumbers.toE164(who.waId()).orElse(null),
                c.bsuid() != null ? c.bsuid() : who.bsuid(), who.username() != null ? who.username() : c.username(),
                who.name() != null ? who.name() : c.name());
    }

    /**
     * True when {@link #upsert} would find {@code known} by its wa_id and write nothing — the usual
     * case, a customer writing again — so a caller that read it already need not ask again.
     */
    public static boolean unchanged(Contact known, Identity who) {
        return who.waId() != null && who.waId().equals(known.waId())
                && (who.bsuid() == null || who.bsuid().equals(known.bsuid())) && merged(known, who).equals(known);
    }

    /** The organisation's contacts with these wa_ids, by wa_id: one query for a batch of messages. */
    public Map<String, Contact> byWaIds(Tx tx, Collection<String> waIds) {
        if (waIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Contact> found = new HashMap<>();
        Tx.list(tx.query("SELECT " + COLUMNS + " FROM contact WHERE org_id = :org AND wa_id = ANY(:waIds)")
                .addParam("org", tx.orgId()).addParam("waIds", waIds.toArray(String[]::new)), ContactRepository::contact)
                .forEach(c -> found.put(c.waId(), c));
        return found;
    }

    private static String searchText(Contact c) {
        return CrmContactRepository.searchText(c.name(), c.username(), c.waId(), c.phone(), null);
    }

    public Optional<Contact> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM contact WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), ContactRepository::contact);
    }

    private Optional<Contact> find(Tx tx, String column, String value) {
        // column is one of two constants chosen above, never input.
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM contact WHERE org_id = :org AND " + column + " = :value")
                .addParam("org", tx.orgId()).addParam("value", value), ContactRepository::contact);
    }

    /** Moves the records of one contact onto another before the first is deleted. */
    @FunctionalInterface
    public interface Merger {
        void merge(Tx tx, long fromContactId, long intoContactId);
    }

    private static Contact contact(DbRow row) {
        return new Contact(row.column("id").getLong(), Rows.string(row, "wa_id"), Rows.string(row, "phone"),
                Rows.string(row, "bsuid"), Rows.string(row, "username"), Rows.string(row, "name"));
    }
}
