package io.parley.server.crm;

import io.parley.server.platform.db.Tx;

/**
 * An organisation's CRM is set up the first time any of it is used: its settings row, and the
 * pipeline every new organisation starts with (Lead → Qualified → Proposal → Won / Lost). Once only:
 * an admin who deletes those stages does not get them back.
 */
final class CrmSetup {
    private CrmSetup() {
    }

    static void ensure(Tx tx) {
        boolean fresh = tx.get("INSERT INTO crm_settings (org_id) VALUES (:org) ON CONFLICT DO NOTHING RETURNING org_id")
                .addParam("org", tx.orgId()).execute().isPresent();
        if (fresh) {
            tx.dml("INSERT INTO stage (org_id, name, position, kind) VALUES"
                            + " (:org, 'Lead', 0, 'OPEN'), (:org, 'Qualified', 1, 'OPEN'), (:org, 'Proposal', 2, 'OPEN'),"
                            + " (:org, 'Won', 3, 'WON'), (:org, 'Lost', 4, 'LOST') ON CONFLICT DO NOTHING")
                    .addParam("org", tx.orgId()).execute();
        }
    }

    static String defaultCountry(Tx tx) {
        ensure(tx);
        return tx.get("SELECT default_country FROM crm_settings WHERE org_id = :org").addParam("org", tx.orgId())
                .execute().map(row -> row.column("default_country").getString()).orElse(null);
    }

    static void setDefaultCountry(Tx tx, String country) {
        ensure(tx);
        tx.dml("UPDATE crm_settings SET default_country = :country WHERE org_id = :org")
                .addParam("country", country).addParam("org", tx.orgId()).execute();
    }
}
