package io.parley.server.org;

import io.helidon.dbclient.DbRow;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.http.Paging;

import java.util.List;
import java.util.Optional;

/** The {@code app_user} table. Emails are stored lower-case and are unique across all orgs. */
public final class UserRepository {
    private static final String COLUMNS = "id, org_id, email, name, role, active, password_hash";

    /** A user row including what only the server may see. */
    public record Account(long orgId, User user, String passwordHash) {
    }

    public Account insert(Tx tx, String email, String name, Role role, String passwordHash) {
        return Tx.one(tx.get("INSERT INTO app_user (org_id, email, name, role, password_hash)"
                        + " VALUES (:org, :email, :name, :role, :hash) RETURNING " + COLUMNS)
                .addParam("org", tx.orgId())
                .addParam("email", email)
                .addParam("name", name)
                .addParam("role", role.name())
                .addParam("hash", passwordHash), UserRepository::account).orElseThrow();
    }

    /** Finds an account by email in a lookup transaction (org not known yet). */
    public Optional<Account> byEmail(Tx tx, String email) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM app_user WHERE email = :email").addParam("email", email),
                UserRepository::account);
    }

    public boolean emailTaken(Tx tx, String email) {
        return tx.get("SELECT EXISTS (SELECT 1 FROM app_user WHERE email = :email) AS taken")
                .addParam("email", email).execute().orElseThrow().column("taken").getBoolean();
    }

    public Optional<Account> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM app_user WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id), UserRepository::account);
    }

    /** Members with their online state. */
    public List<User> page(Tx tx, Paging paging) {
        return Tx.list(tx.query("SELECT u.id, u.org_id, u.email, u.name, u.role, u.active, u.password_hash, "
                        + Presence.onlineCondition() + " AS online FROM app_user u"
                        + " WHERE u.org_id = :org AND u.id > :after ORDER BY u.id LIMIT :limit")
                .addParam("org", tx.orgId())
                .addParam("after", paging.after() == null ? 0L : paging.after())
                .addParam("limit", paging.fetchSize()), row -> {
                    User u = account(row).user();
                    return new User(u.id(), u.email(), u.name(), u.role(), u.active(), row.column("online").getBoolean());
                });
    }

    /** Every active member of the current org (for matching names and emails, e.g. an import's owner column). */
    public List<User> activeMembers(Tx tx) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM app_user WHERE org_id = :org AND active ORDER BY id")
                .addParam("org", tx.orgId()), row -> account(row).user());
    }

    /** Ids among {@code ids} that are not users of the current org. */
    public List<Long> unknownIds(Tx tx, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> known = Tx.list(tx.query("SELECT id FROM app_user WHERE org_id = :org AND id = ANY(:ids)")
                .addParam("org", tx.orgId())
                .addParam("ids", ids.toArray(Long[]::new)), row -> row.column("id").getLong());
        return ids.stream().filter(id -> !known.contains(id)).distinct().toList();
    }

    public long countActiveOwners(Tx tx) {
        return tx.get("SELECT count(*) AS n FROM app_user WHERE org_id = :org AND role = 'OWNER' AND active")
                .addParam("org", tx.orgId()).execute().orElseThrow().column("n").getLong();
    }

    public User update(Tx tx, long id, Role role, boolean active, String name) {
        return Tx.one(tx.get("UPDATE app_user SET role = :role, active = :active, name = :name, updated_at = now()"
                        + " WHERE org_id = :org AND id = :id RETURNING " + COLUMNS)
                .addParam("role", role.name())
                .addParam("active", active)
                .addParam("name", name)
                .addParam("org", tx.orgId())
                .addParam("id", id), row -> account(row).user()).orElseThrow();
    }

    public void setPassword(Tx tx, long id, String passwordHash) {
        tx.dml("UPDATE app_user SET password_hash = :hash, updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("hash", passwordHash)
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute();
    }

    private static Account account(DbRow row) {
        User user = new User(row.column("id").getLong(), row.column("email").getString(),
                row.column("name").getString(), Role.valueOf(row.column("role").getString()),
                row.column("active").getBoolean());
        return new Account(row.column("org_id").getLong(), user, row.column("password_hash").getString());
    }
}
