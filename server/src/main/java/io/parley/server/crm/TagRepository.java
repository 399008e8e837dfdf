package io.parley.server.crm;

import io.helidon.dbclient.DbRow;
import io.parley.model.crm.Tag;
import io.parley.server.platform.db.Tx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code tag} table and which contacts carry which tag ({@code contact_tag}). */
public final class TagRepository {
    /** The colours new tags take in turn when none is given. */
    private static final List<String> PALETTE = List.of("#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df",
            "#1b7c83", "#bc4c00", "#57606a");
    private static final String SELECT = "SELECT t.id, t.name, t.color,"
            + " (SELECT count(*) FROM contact_tag ct JOIN contact c ON c.org_id = ct.org_id AND c.id = ct.contact_id"
            + "  WHERE ct.org_id = t.org_id AND ct.tag_id = t.id AND c.deleted_at IS NULL) AS contact_count"
            + " FROM tag t WHERE t.org_id = :org";

    public List<Tag> list(Tx tx) {
        return Tx.list(tx.query(SELECT + " ORDER BY lower(t.name)").addParam("org", tx.orgId()), TagRepository::tag);
    }

    public Optional<Tag> byId(Tx tx, long id) {
        return Tx.one(tx.get(SELECT + " AND t.id = :id").addParam("org", tx.orgId()).addParam("id", id), TagRepository::tag);
    }

    public long insert(Tx tx, String name, String color) {
        return tx.get("INSERT INTO tag (org_id, name, color) VALUES (:org, :name, coalesce(:color,"
                        + " (SELECT (:palette)[1 + (count(*) % :colors)] FROM tag WHERE org_id = :org))) RETURNING id")
                .addParam("org", tx.orgId()).addParam("name", name).addParam("color", color)
                .addParam("palette", PALETTE.toArray(String[]::new)).addParam("colors", PALETTE.size())
                .execute().orElseThrow().column("id").getLong();
    }

    /** The ids of these tag names, creating the ones the organisation does not have yet (case-insensitive). */
    public List<Long> idsCreatingMissing(Tx tx, Collection<String> names) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            Optional<Long> existing = tx.get("SELECT id FROM tag WHERE org_id = :org AND lower(name) = lower(:name)")
                    .addParam("org", tx.orgId()).addParam("name", name).execute().map(row -> row.column("id").getLong());
            ids.add(existing.orElseGet(() -> insert(tx, name, null)));
        }
        return ids;
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM tag WHERE org_id = :org AND id = :id").addParam("org", tx.orgId()).addParam("id", id)
                .execute() > 0;
    }

    /** Adds the tags to the contact; returns the names it did not carry before. */
    public List<String> add(Tx tx, long contactId, Collection<Long> tagIds) {
        return Tx.list(tx.query("WITH added AS (INSERT INTO contact_tag (org_id, contact_id, tag_id)"
                        + " SELECT :org, :contact, unnest(:tags) ON CONFLICT DO NOTHING RETURNING tag_id)"
                        + " SELECT t.name FROM added a JOIN tag t ON t.org_id = :org AND t.id = a.tag_id ORDER BY lower(t.name)")
                .addParam("org", tx.orgId()).addParam("contact", contactId).addParam("tags", tagIds.toArray(Long[]::new)),
                row -> row.column("name").getString());
    }

    /** Adds tags to many contacts at once: each contact gets the tag at the same place in {@code tagIds}. */
    public void addPairs(Tx tx, List<Long> contactIds, List<Long> tagIds) {
        if (contactIds.isEmpty()) {
            return;
        }
        tx.dml("INSERT INTO contact_tag (org_id, contact_id, tag_id) SELECT :org, c, t"
                        + " FROM unnest(CAST(:contacts AS bigint[]), CAST(:tags AS bigint[])) AS x(c, t) ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId()).addParam("contacts", contactIds.toArray(Long[]::new))
                .addParam("tags", tagIds.toArray(Long[]::new)).execute();
    }

    /** Removes the tags from the contact; returns the names it carried. */
    public List<String> remove(Tx tx, long contactId, Collection<Long> tagIds) {
        return Tx.list(tx.query("WITH removed AS (DELETE FROM contact_tag WHERE org_id = :org AND contact_id = :contact"
                        + " AND tag_id = ANY(:tags) RETURNING tag_id)"
                        + " SELECT t.name FROM removed r JOIN tag t ON t.org_id = :org AND t.id = r.tag_id ORDER BY lower(t.name)")
                .addParam("org", tx.orgId()).addParam("contact", contactId).addParam("tags", tagIds.toArray(Long[]::new)),
                row -> row.column("name").getString());
    }

    /** The ids of the tags the contact carries. */
    public List<Long> ofContact(Tx tx, long contactId) {
        return Tx.list(tx.query("SELECT tag_id FROM contact_tag WHERE org_id = :org AND contact_id = :contact")
                .addParam("org", tx.orgId()).addParam("contact", contactId), row -> row.column("tag_id").getLong());
    }

    private static Tag tag(DbRow row) {
        return new Tag(row.column("id").getLong(), row.column("name").getString(), row.column("color").getString(),
                row.column("contact_count").getLong());
    }
}
