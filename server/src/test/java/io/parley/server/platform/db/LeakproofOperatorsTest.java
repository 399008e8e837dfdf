package io.parley.server.platform.db;

import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under forced row-level security the search and custom-field indexes are usable only for operators
 * marked LEAKPROOF; the test databases are marked like the embedded one, and the planner can then
 * answer a rare segment condition and a contact search from their GIN indexes as the application's
 * role (without the marks, these plans scan every row: checked by unmarking).
 */
class LeakproofOperatorsTest extends ServerTestSupport {

    @Test
    void customFieldAndSearchConditionsCanUseTheirIndexesAsTheApplication() {
        Member owner = registerOrg("Leakproof");
        db.runInOrg(owner.orgId(), tx -> {
            tx.dml("INSERT INTO contact (org_id, wa_id, phone, name, custom_fields, search_text)"
                    + " SELECT " + owner.orgId() + ", (4917000000000 + n)::text, '+' || (4917000000000 + n)::text,"
                    + " 'Person ' || n, jsonb_build_object('city', 'City ' || (n % 1000)), 'person' || n"
                    + " FROM generate_series(1, 5000) AS n").execute();
            tx.dml("ANALYZE contact").execute();
        });
        List<String> fieldPlan = plan(owner.orgId(), "SELECT count(*) FROM contact c WHERE c.org_id = " + owner.orgId()
                + " AND c.custom_fields_folded @> jsonb_build_object('city', lower('City 7'))");
        assertThat(fieldPlan).anyMatch(line -> line.contains("contact_custom_fields_idx"));
        List<String> searchPlan = plan(owner.orgId(), "SELECT count(*) FROM contact c WHERE c.org_id = " + owner.orgId()
                + " AND c.search_tsv @@ to_tsquery('simple', 'person777:*')");
        assertThat(searchPlan).anyMatch(line -> line.contains("contact_search_idx"));
    }

    /** The plan the application's role gets, over 5,000 contacts of which a handful match. */
    private List<String> plan(long orgId, String sql) {
        return db.inOrg(orgId, tx -> Tx.list(tx.query("EXPLAIN " + sql), row -> row.column(1).getString()));
    }
}
