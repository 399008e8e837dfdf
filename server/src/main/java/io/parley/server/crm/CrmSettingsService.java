package io.parley.server.crm;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.crm.CrmSettings;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Violations;

import java.util.Locale;

/** {@code /api/v1/crm/settings}: the default country for numbers written without one (ADMIN+ to change). */
public final class CrmSettingsService implements HttpService {
    private final Database db;
    private final Json json;

    public CrmSettingsService(Database db, Json json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", Access.member(this::get))
                .put("/settings", Access.atLeast(Role.ADMIN, this::put));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new CrmSettings(db.inOrg(principal.orgId(), CrmSetup::defaultCountry)));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        CrmSettings body = json.read(req, CrmSettings.class);
        String country = body.defaultCountry() == null || body.defaultCountry().isBlank() ? null
                : body.defaultCountry().strip().toUpperCase(Locale.ROOT);
        new Violations().check(country == null || PhoneNumbers.isCountry(country), "defaultCountry",
                "must be a country code such as DE, GB or US").throwIfAny();
        db.inOrg(principal.orgId(), tx -> {
            CrmSetup.setDefaultCountry(tx, country);
            return null;
        });
        json.send(res, new CrmSettings(country));
    }
}
