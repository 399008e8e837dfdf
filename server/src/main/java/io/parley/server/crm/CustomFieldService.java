package io.parley.server.crm;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.crm.CustomField;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/custom-fields}: the fields contacts may carry. Everyone reads them; ADMIN+ defines,
 * relabels and deletes them (deleting removes the field's values from every contact). A field's key
 * and type never change: values and saved segments depend on them.
 */
public final class CustomFieldService implements HttpService {
    static final int MAX_FIELDS = 100;
    private static final Set<String> TYPES = Set.of("TEXT", "NUMBER", "DATE", "SELECT", "BOOLEAN");

    /** A field as the client writes it. */
    public record FieldRequest(String key, String label, String type, List<String> options) {
    }

    private final Database db;
    private final Json json;
    private final CustomFieldRepository fields;

    public CustomFieldService(Database db, Json json, CustomFieldRepository fields) {
        this.db = db;
        this.json = json;
        this.fields = fields;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .patch("/{id}", Access.atLeast(Role.ADMIN, this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), fields::list), null));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        FieldRequest body = json.read(req, FieldRequest.class);
        Violations violations = new Violations().required("key", body.key()).text("label", body.label(), 80)
                .check(body.key() == null || body.key().matches("[a-z][a-z0-9_]{0,39}"), "key",
                        "must start with a letter and hold only lower-case letters, digits and _ (at most 40)")
                .check(body.type() != null && TYPES.contains(body.type()), "type", "must be TEXT, NUMBER, DATE, SELECT or BOOLEAN");
        options(body, "SELECT".equals(body.type()), violations);
        violations.throwIfAny();
        CustomField created = Constraints.conflictOnDuplicate("custom_field_key_key",
                "A custom field with the key " + body.key() + " already exists.", () -> db.inOrg(principal.orgId(), tx -> {
                    if (fields.list(tx).size() >= MAX_FIELDS) {
                        throw new ConflictException("An organisation has at most " + MAX_FIELDS + " custom fields.");
                    }
                    return fields.byId(tx, fields.insert(tx, body.key(), body.label().strip(), body.type(),
                            cleaned(body.options()))).orElseThrow();
                }));
        json.send(res, Status.CREATED_201, created);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "custom field");
        FieldRequest body = json.read(req, FieldRequest.class);
        CustomField updated = db.inOrg(principal.orgId(), tx -> {
            CustomField field = fields.byId(tx, id).orElseThrow(() -> notFound(id));
            Violations violations = new Violations().optionalText("label", body.label(), 80)
                    .check(body.key() == null || body.key().equals(field.key()), "key", "cannot change: values and segments use it")
                    .check(body.type() == null || body.type().equals(field.type()), "type", "cannot change once values exist");
            if (body.options() != null) {
                options(body, field.type().equals("SELECT"), violations);
                List<String> cleaned = cleaned(body.options());
                violations.check(cleaned.containsAll(field.options()), "options",
                        "may add choices but not remove ones contacts may hold");
            }
            violations.throwIfAny();
            fields.update(tx, id, body.label() == null ? null : body.label().strip(),
                    body.options() == null ? null : cleaned(body.options()));
            return fields.byId(tx, id).orElseThrow();
        });
        json.send(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "custom field");
        db.inOrg(principal.orgId(), tx -> fields.delete(tx, fields.byId(tx, id).orElseThrow(() -> notFound(id))));
        Json.noContent(res);
    }

    private static void options(FieldRequest body, boolean select, Violations violations) {
        List<String> options = body.options() == null ? List.of() : body.options();
        if (!select) {
            violations.check(options.isEmpty(), "options", "only SELECT fields have options");
            return;
        }
        Set<String> seen = new HashSet<>();
        violations.check(!options.isEmpty() && options.size() <= 100, "options", "a SELECT field needs 1 to 100 choices");
        for (String option : options) {
            String o = option == null ? "" : option.strip();
            violations.check(!o.isEmpty() && o.length() <= 100, "options", "each choice is 1 to 100 characters");
            violations.check(o.isEmpty() || seen.add(o.toLowerCase(Locale.ROOT)), "options", "\"" + o + "\" is listed twice");
        }
    }

    private static List<String> cleaned(List<String> options) {
        return options == null ? List.of() : options.stream().map(String::strip).toList();
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No custom field with id " + id + ".");
    }
}
