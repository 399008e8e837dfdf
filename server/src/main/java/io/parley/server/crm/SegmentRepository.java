package io.parley.server.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.parley.model.crm.SegmentFilter;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The {@code segment} table: saved filters by name. Counts are the service's (they need the compiler). */
public final class SegmentRepository {
    /** A saved segment as stored. */
    public record Saved(long id, String name, SegmentFilter filter) {
    }

    private final ObjectMapper mapper;

    public SegmentRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<Saved> list(Tx tx) {
        return Tx.list(tx.query("SELECT id, name, CAST(filter AS text) AS filter FROM segment WHERE org_id = :org"
                + " ORDER BY lower(name)").addParam("org", tx.orgId()), this::saved);
    }

    public Optional<Saved> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT id, name, CAST(filter AS text) AS filter FROM segment WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), this::saved);
    }

    public Optional<SegmentFilter> filter(Tx tx, long id) {
        return byId(tx, id).map(Saved::filter);
    }

    public long insert(Tx tx, String name, SegmentFilter filter) {
        return tx.get("INSERT INTO segment (org_id, name, filter) VALUES (:org, :name, CAST(:filter AS jsonb)) RETURNING id")
                .addParam("org", tx.orgId()).addParam("name", name).addParam("filter", json(filter))
                .execute().orElseThrow().column("id").getLong();
    }

    public void update(Tx tx, long id, String name, SegmentFilter filter) {
        tx.dml("UPDATE segment SET name = coalesce(:name, name), filter = coalesce(CAST(:filter AS jsonb), filter),"
                        + " updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("name", name).addParam("filter", filter == null ? null : json(filter))
                .addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM segment WHERE org_id = :org AND id = :id").addParam("org", tx.orgId())
                .addParam("id", id).execute() > 0;
    }

    private String json(SegmentFilter filter) {
        try {
            return mapper.writeValueAsString(filter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Saved saved(DbRow row) {
        try {
            return new Saved(row.column("id").getLong(), row.column("name").getString(),
                    mapper.readValue(row.column("filter").getString(), SegmentFilter.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
