package io.parley.server.crm;

import io.helidon.dbclient.DbRow;
import io.parley.model.inbox.ContactSummary;
import io.parley.server.inbox.SearchText;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

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
            String conflictKey = who.waId() != null ? "(org_id, wa_id) WHERE wa_id IS NOT NULL"
                    : "(org_id, bsuid) WHERE bsuid IS NOT NULL";
            // ON CONFLICT: a concurrent delivery for the same new customer must not fail this one.
            tx.dml("INSERT INTO contact (org_id, wa_id, phone, bsuid, username, name)"
                            + " VALUES (:org, :wa, :phone, :bsuid, :username, :name) ON CONFLICT " + conflictKey + " DO NOTHING")
                    .addParam("org", tx.orgId())
                    .addParam("wa", who.waId())
                    .addParam("phone", PhoneNumbers.toE164(who.waId()).orElse(null))
                    .addParam("bsuid", who.bsuid())
                    .addParam("username", who.username())
                    .addParam("name", who.name())
                    .execute();
            Contact created = who.waId() != null ? find(tx, "wa_id", who.waId()).orElseThrow()
                    : find(tx, "bsuid", who.bsuid()).orElseThrow();
            refreshSearch(tx, created.id());
            return byId(tx, created.id()).orElseThrow();
        }
        Contact c = existing.get();
        tx.dml("UPDATE contact SET wa_id = COALESCE(wa_id, :wa), phone = COALESCE(phone, :phone),"
                        + " bsuid = COALESCE(bsuid, :bsuid), username = COALESCE(:username, username),"
                        + " name = COALESCE(:name, name), updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("wa", who.waId())
                .addParam("phone", PhoneNumbers.toE164(who.waId()).orElse(null))
                .addParam("bsuid", who.bsuid())
                .addParam("username", who.username())
                .addParam("name", who.name())
                .addParam("org", tx.orgId())
                .addParam("id", c.id())
                .execute();
        refreshSearch(tx, c.id());
        return byId(tx, c.id()).orElseThrow();
    }

    /** Name, username and number, folded for search ("Müller" is found by "muller"). */
    private static void refreshSearch(Tx tx, long id) {
        Optional<String> raw = tx.get("SELECT concat_ws(' ', name, username, wa_id, phone) AS s FROM contact"
                        + " WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id).execute().map(row -> row.column("s").getString());
        tx.dml("UPDATE contact SET search_text = :search WHERE org_id = :org AND id = :id")
                .addParam("search", raw.map(SearchText::fold).orElse(null)).addParam("org", tx.orgId()).addParam("id", id)
                .execute();
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
