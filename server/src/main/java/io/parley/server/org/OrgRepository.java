package io.parley.server.org;

import io.helidon.dbclient.DbRow;
import io.parley.model.identity.Org;
import io.parley.server.platform.db.Tx;

import java.util.Optional;

/** The {@code org} table: one row per tenant. */
public final class OrgRepository {

    /**
     * Creates an organisation and binds the transaction to it. The id is drawn first because the
     * row-level security check on insert needs the transaction to be in that org already.
     */
    public Org create(Tx tx, String name) {
        long id = tx.get("SELECT nextval(pg_get_serial_sequence('org', 'id')) AS id").execute()
                .orElseThrow().column("id").getLong();
        tx.enterOrg(id);
        return Tx.one(tx.get("INSERT INTO org (id, name) VALUES (:id, :name) RETURNING id, name, plan")
                .addParam("id", id)
                .addParam("name", name), OrgRepository::org).orElseThrow();
    }

    public Optional<Org> current(Tx tx) {
        return Tx.one(tx.get("SELECT id, name, plan FROM org WHERE id = :id").addParam("id", tx.orgId()),
                OrgRepository::org);
    }

    /** Locks the org row: serialises changes that must keep an org-wide invariant (one active owner). */
    public void lock(Tx tx) {
        tx.get("SELECT id FROM org WHERE id = :id FOR UPDATE").addParam("id", tx.orgId()).execute();
    }

    private static Org org(DbRow row) {
        return new Org(row.column("id").getLong(), row.column("name").getString(), row.column("plan").getString());
    }
}
