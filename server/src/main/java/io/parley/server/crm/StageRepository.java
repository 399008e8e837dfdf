package io.parley.server.crm;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementQuery;
import io.parley.model.crm.Stage;
import io.parley.server.platform.db.Tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code stage} table: the pipeline's columns, in order, with how many contacts each holds. */
public final class StageRepository {
    private static final String SELECT = "SELECT s.id, s.name, s.position, s.kind,"
            + " (SELECT count(*) FROM contact c WHERE c.org_id = s.org_id AND c.stage_id = s.id AND c.deleted_at IS NULL)"
            + " AS contact_count FROM stage s WHERE s.org_id = :org";

    public List<Stage> list(Tx tx) {
        CrmSetup.ensure(tx);
        return Tx.list(tx.query(SELECT + " ORDER BY s.position, s.id").addParam("org", tx.orgId()), StageRepository::stage);
    }

    /** The stages with how many contacts matching {@code filter} each holds (the pipeline board's filtered counts). */
    List<Stage> list(Tx tx, SegmentCompiler.Sql filter) {
        CrmSetup.ensure(tx);
        DbStatementQuery query = tx.query("SELECT s.id, s.name, s.position, s.kind,"
                + " (SELECT count(*) FROM contact c WHERE c.org_id = s.org_id AND c.stage_id = s.id AND c.deleted_at IS NULL"
                + " AND (" + filter.where() + ")) AS contact_count FROM stage s WHERE s.org_id = :org ORDER BY s.position, s.id")
                .addParam("org", tx.orgId());
        filter.params().forEach(query::addParam);
        return Tx.list(query, StageRepository::stage);
    }

    public Optional<Stage> byId(Tx tx, long id) {
        CrmSetup.ensure(tx);
        return Tx.one(tx.get(SELECT + " AND s.id = :id").addParam("org", tx.orgId()).addParam("id", id),
                StageRepository::stage);
    }

    /** Appends a stage at the end of the pipeline. */
    public long insert(Tx tx, String name, String kind) {
        CrmSetup.ensure(tx);
        return tx.get("INSERT INTO stage (org_id, name, position, kind) VALUES (:org, :name,"
                        + " (SELECT coalesce(max(position) + 1, 0) FROM stage WHERE org_id = :org), :kind) RETURNING id")
                .addParam("org", tx.orgId()).addParam("name", name).addParam("kind", kind)
                .execute().orElseThrow().column("id").getLong();
    }

    public void update(Tx tx, long id, String name, String kind) {
        tx.dml("UPDATE stage SET name = coalesce(:name, name), kind = coalesce(:kind, kind) WHERE org_id = :org AND id = :id")
                .addParam("name", name).addParam("kind", kind).addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    /** Puts the stage at {@code position} (0 first) and renumbers the others around it. */
    public void move(Tx tx, long id, int position) {
        List<Long> order = Tx.list(tx.query("SELECT id FROM stage WHERE org_id = :org AND id <> :id ORDER BY position, id")
                .addParam("org", tx.orgId()).addParam("id", id), row -> row.column("id").getLong());
        List<Long> reordered = new ArrayList<>(order);
        reordered.add(Math.clamp(position, 0, order.size()), id);
        for (int i = 0; i < reordered.size(); i++) {
            tx.dml("UPDATE stage SET position = :position WHERE org_id = :org AND id = :id")
                    .addParam("position", i).addParam("org", tx.orgId()).addParam("id", reordered.get(i)).execute();
        }
    }

    /** Moves the stage's contacts to {@code moveTo} (or out of the pipeline when null), then deletes it. */
    public boolean delete(Tx tx, long id, Long moveTo) {
        tx.dml("UPDATE contact SET stage_id = :moveTo, updated_at = now() WHERE org_id = :org AND stage_id = :id")
                .addParam("moveTo", moveTo).addParam("org", tx.orgId()).addParam("id", id).execute();
        return tx.dml("DELETE FROM stage WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id).execute() > 0;
    }

    private static Stage stage(DbRow row) {
        return new Stage(row.column("id").getLong(), row.column("name").getString(), row.column("position").getInt(),
                row.column("kind").getString(), row.column("contact_count").getLong());
    }
}
