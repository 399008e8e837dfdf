package io.parley.server.platform;

import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Lookup;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves that row-level security, not query discipline, keeps organisations apart. */
class RowLevelSecurityTest extends ServerTestSupport {

    @Test
    void unfilteredQueryInOrgAReturnsNoRowOfOrgB() {
        Member a = registerOrg("Alpha");
        Member b = registerOrg("Beta");
        addMember(b, "AGENT");

        // No WHERE org_id on purpose: this is the forgotten filter RLS must catch.
        List<Long> orgsSeenFromA = db.inOrg(a.orgId(), tx -> tx.query("SELECT org_id FROM app_user").execute()
                .map(row -> row.column("org_id").getLong()).toList());
        List<Long> orgRowsSeenFromA = db.inOrg(a.orgId(), tx -> tx.query("SELECT id FROM org").execute()
                .map(row -> row.column("id").getLong()).toList());
        long auditOfBSeenFromA = db.inOrg(a.orgId(), tx -> tx.get("SELECT count(*) AS n FROM audit_log WHERE org_id = :b")
                .addParam("b", b.orgId()).execute().orElseThrow().column("n").getLong());

        assertThat(orgsSeenFromA).isNotEmpty().containsOnly(a.orgId());
        assertThat(orgRowsSeenFromA).containsExactly(a.orgId());
        assertThat(auditOfBSeenFromA).isZero();
    }

    @Test
    void writesIntoAnotherOrgAreRejected() {
        Member a = registerOrg("Writer");
        Member b = registerOrg("Target");

        Throwable error = null;
        try {
            db.inOrg(a.orgId(), tx -> tx.dml("INSERT INTO team (org_id, name) VALUES (:b, 'sneaky')")
                    .addParam("b", b.orgId()).execute());
        } catch (RuntimeException e) {
            error = e;
        }
        long updated = db.inOrg(a.orgId(), tx -> tx.dml("UPDATE app_user SET name = 'hijacked' WHERE org_id = :b")
                .addParam("b", b.orgId()).execute());

        assertThat(error).isNotNull();
        assertThat(rootMessage(error)).contains("row-level security");
        assertThat(updated).isZero();
    }

    @Test
    void withoutAnOrgNothingIsVisible() {
        registerOrg("Hidden");

        long users = db.global(tx -> tx.get("SELECT count(*) AS n FROM app_user").execute().orElseThrow()
                .column("n").getLong());

        assertThat(users).isZero();
    }

    @Test
    void aLookupSeesOnlyTheRowCarryingTheKeyItHolds() {
        Member a = registerOrg("Lookup A");
        registerOrg("Lookup B");

        List<String> byEmail = db.lookup(Lookup.EMAIL, a.email(), tx -> tx.query("SELECT email FROM app_user").execute()
                .map(row -> row.column("email").getString()).toList());
        long tokensSeen = db.lookup(Lookup.REFRESH_TOKEN, Tokens.hash(a.refreshToken()),
                tx -> tx.get("SELECT count(*) AS n FROM refresh_token").execute().orElseThrow().column("n").getLong());
        long writable = db.lookup(Lookup.EMAIL, a.email(),
                tx -> tx.dml("UPDATE app_user SET name = 'x' WHERE email = :e").addParam("e", a.email()).execute());

        assertThat(byEmail).containsExactly(a.email());
        assertThat(tokensSeen).isEqualTo(1);
        assertThat(writable).as("lookup policies are read-only").isZero();
    }

    @Test
    void serverRoleIsOrdinaryAndEveryTenantTableForcesRowLevelSecurity() {
        var role = db.global(tx -> tx.get("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .execute().orElseThrow());
        List<String> unprotected = db.global(tx -> tx.query("""
                        SELECT c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                        WHERE c.relkind = 'r'
                          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)
                          AND NOT (c.relrowsecurity AND c.relforcerowsecurity)""")
                .execute().map(row -> row.column("relname").getString()).toList());
        List<String> tenantTables = db.global(tx -> tx.query("""
                        SELECT c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                        WHERE c.relkind = 'r' AND c.relforcerowsecurity""")
                .execute().map(row -> row.column("relname").getString()).toList());

        assertThat(role.column("rolsuper").getBoolean()).isFalse();
        assertThat(role.column("rolbypassrls").getBoolean()).isFalse();
        assertThat(unprotected).isEmpty();
        assertThat(tenantTables).contains("org", "app_user", "team", "team_member", "invitation", "refresh_token",
                "api_key", "audit_log", "mail_outbox", "password_reset");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
