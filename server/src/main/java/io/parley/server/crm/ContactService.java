package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.crm.Activity;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.event.EventLog;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Paging;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/contacts}: the list with its filters and search, its CSV export, one contact,
 * creating, editing, merging and erasing, and the timeline. Agents may create and edit; exporting is
 * SUPERVISOR+, merging and erasing ADMIN+. Every change is written
 * to the timeline and announced as {@code contact.updated} in the same transaction.
 */
public final class ContactService implements HttpService {
    private static final int BULK_MAX = 1_000;
    private final Database db;
    private final Json json;
    private final Clock clock;
    private final CrmContactRepository contacts;
    private final TagRepository tags;
    private final StageRepository stages;
    private final CustomFieldRepository fields;
    private final UserRepository users;
    private final ActivityLog activities;
    private final EventLog events;
    private final ContactExport export;
    private final ContactMerge merges;
    private final ContactFilters filters;

    public ContactService(Database db, Json json, Clock clock, CrmContactRepository contacts, TagRepository tags,
                          StageRepository stages, CustomFieldRepository fields,
                          UserRepository users, ActivityLog activities, EventLog events, ContactMerge merges,
                          ContactFilters filters) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.contacts = contacts;
        this.tags = tags;
        this.stages = stages;
        this.fields = fields;
        this.users = users;
        this.activities = activities;
        this.events = events;
        this.export = new ContactExport(json.mapper());
        this.merges = merges;
        this.filters = filters;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.member(this::create))
                // Before /{id}, which would take "export" for an id. Every contact's data at once: SUPERVISOR+.
                .get("/export", Access.atLeast(Role.SUPERVISOR, this::export))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.member(this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::erase))
                .get("/{id}/activities", Access.member(this::timeline))
                .post("/{id}/merge", Access.atLeast(Role.ADMIN, this::merge))
                .post("/bulk", Access.member(this::bulk));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        int limit = Paging.limit(req);
        ContactCursor after = req.query().first("cursor").map(ContactCursor::decode).orElse(null);
        String q = req.query().first("q").orElse(null);
        Page<Contact> page = db.inOrg(principal.orgId(), tx -> contacts.list(tx, filters.from(tx, req), q, after, limit));
        json.send(res, page);
    }

    /** CSV of the contacts the same filters as the list select, streamed as it is read. */
    private void export(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        String q = req.query().first("q").orElse(null);
        record Prepared(SegmentCompiler.Sql filter, List<CustomField> fields) {
        }
        Prepared prepared = db.inOrg(principal.orgId(), tx -> new Prepared(filters.from(tx, req), fields.list(tx)));
        res.header("Content-Type", "text/csv; charset=utf-8");
        res.header("Content-Disposition", "attachment; filename=\"contacts-" + LocalDate.now(clock) + ".csv\"");
        try (OutputStream out = res.outputStream()) {
            db.readInOrg(principal.orgId(), c -> {
                try {
                    export.write(c, principal.orgId(), prepared.filter(), q, prepared.fields(), out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "contact");
        json.send(res, db.inOrg(principal.orgId(), tx -> contacts.byId(tx, id)).orElseThrow(() -> notFound(id)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        JsonNode body = json.read(req, JsonNode.class);
        Contact created = write(() -> db.inOrg(principal.orgId(), tx -> {
            String country = CrmSetup.defaultCountry(tx);
            Violations violations = new Violations();
            String name = text(body, "name", violations, true);
            String phone = phone(body, country, violations, true);
            String email = email(body, violations);
            Long stageId = reference(tx, body, "stageId", violations);
            Long ownerId = owner(tx, body, violations);
            Map<String, JsonNode> values = customFields(tx, body, violations);
            List<String> tagNames = tagNames(body, "tags", violations);
            violations.throwIfAny();
            values.values().removeIf(Objects::isNull);
            long id = contacts.insert(tx, new CrmContactRepository.NewContact(name, phone, email, stageId, ownerId, values,
                            "MANUAL"))
                    .orElseThrow(() -> duplicate(tx, phone));
            if (!tagNames.isEmpty()) {
                tags.add(tx, id, tags.idsCreatingMissing(tx, tagNames));
            }
            activities.record(tx, id, "contact.created", principal.userId(), "Contact created", Map.of("source", "MANUAL"));
            Contact contact = contacts.byId(tx, id).orElseThrow();
            events.append(tx, "contact.updated", contact);
            return contact;
        }));
        json.send(res, Status.CREATED_201, created);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "contact");
        JsonNode body = json.read(req, JsonNode.class);
        if (!body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object of the fields to change");
        }
        Contact updated = write(() -> db.inOrg(principal.orgId(), tx -> {
            Contact before = contacts.byId(tx, id).orElseThrow(() -> notFound(id));
            Violations violations = new Violations();
            String name = body.has("name") ? text(body, "name", violations, true) : before.name();
            String phone = body.has("phone") ? phone(body, CrmSetup.defaultCountry(tx), violations, true) : before.phone();
            String email = body.has("email") ? email(body, violations) : before.email();
            Long stageId = body.has("stageId") ? reference(tx, body, "stageId", violations) : before.stageId();
            Long ownerId = body.has("ownerId") ? owner(tx, body, violations) : before.ownerId();
            Map<String, JsonNode> changes = body.has("customFields") ? customFields(tx, body, violations) : Map.of();
            boolean optedOut = body.has("optedOut") ? bool(body, "optedOut", violations) : before.optedOut();
            boolean aiEnabled = body.has("aiEnabled") ? bool(body, "aiEnabled", violations) : before.aiEnabled();
            List<String> tagNames = body.has("tags") ? tagNames(body, "tags", violations) : null;
            violations.throwIfAny();

            Map<String, JsonNode> values = new HashMap<>(before.customFields());
            changes.forEach((key, value) -> {
                if (value == null) {
                    values.remove(key);
                } else {
                    values.put(key, value);
                }
            });
            Instant optedOutAt = optedOut == before.optedOut() ? before.optedOutAt() : optedOut ? clock.instant() : null;
            Contact after = new Contact(id, name, phone, phone == null ? null : phone.substring(1), email, before.tags(),
                    stageId, ownerId, values, optedOut, optedOutAt, aiEnabled, before.source(), before.createdAt(),
                    before.lastSeenAt(), before.lastInboundAt());
            if (!Objects.equals(phone, before.phone())) {
                contacts.idByWaId(tx, phone.substring(1)).filter(other -> other != id).ifPresent(other -> {
                    throw new ConflictException("Another contact has the number " + phone + ".", other);
                });
            }
            contacts.update(tx, after);
            recordChanges(tx, principal.userId(), before, after);
            if (tagNames != null) {
                replaceTags(tx, principal.userId(), id, tagNames);
            }
            Contact contact = contacts.byId(tx, id).orElseThrow();
            events.append(tx, "contact.updated", contact);
            return contact;
        }));
        json.send(res, updated);
    }

    private void erase(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "contact");
        db.inOrg(principal.orgId(), tx -> {
            if (!contacts.erase(tx, id)) {
                throw notFound(id);
            }
            events.append(tx, "contact.updated", Map.of("id", id, "deleted", true));
            return null;
        });
        Json.noContent(res);
    }

    /** {@code {otherId}}: the other contact merges into this one (ADMIN+; irreversible, audited). */
    private void merge(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "contact");
        JsonNode body = json.read(req, JsonNode.class);
        JsonNode otherNode = body.get("otherId");
        if (otherNode == null || !otherNode.isIntegralNumber()) {
            throw ValidationException.of("otherId", "is required: the id of the contact to merge into this one");
        }
        long otherId = otherNode.asLong();
        if (otherId == id) {
            throw ValidationException.of("otherId", "is this contact; pick another one");
        }
        Contact merged = write(() -> db.inOrg(principal.orgId(), tx -> {
            Contact survivor = contacts.byId(tx, id).orElseThrow(() -> notFound(id));
            Contact other = contacts.byId(tx, otherId)
                    .orElseThrow(() -> ValidationException.of("otherId", "no contact with id " + otherId));
            Contact result = merges.merge(tx, principal, survivor, other);
            events.append(tx, "contact.updated", Map.of("id", otherId, "deleted", true, "mergedInto", id));
            events.append(tx, "contact.updated", result);
            return result;
        }));
        json.send(res, merged);
    }

    /**
     * {@code {ids, addTags?, removeTags?, stageId?, ownerId?}}: the same change to up to 1,000 contacts
     * in one transaction, each on its timeline. Ids that are not (or no longer) contacts of the
     * organisation are answered in {@code notFound}, nothing else is done with them.
     */
    private void bulk(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        JsonNode body = json.read(req, JsonNode.class);
        Violations violations = new Violations();
        List<Long> ids = new ArrayList<>();
        JsonNode idsNode = body.get("ids");
        if (idsNode == null || !idsNode.isArray() || idsNode.isEmpty() || idsNode.size() > BULK_MAX) {
            violations.check(false, "ids", "must be a list of 1 to " + BULK_MAX + " contact ids");
        } else {
            idsNode.forEach(id -> {
                violations.check(id.isIntegralNumber(), "ids", "must hold contact ids (whole numbers)");
                if (id.isIntegralNumber() && !ids.contains(id.asLong())) {
                    ids.add(id.asLong());
                }
            });
        }
        List<String> add = tagNames(body, "addTags", violations);
        List<String> remove = tagNames(body, "removeTags", violations);
        boolean changesStage = body.has("stageId");
        boolean changesOwner = body.has("ownerId");
        violations.check(!add.isEmpty() || !remove.isEmpty() || changesStage || changesOwner, "body",
                "names no change: give addTags, removeTags, stageId or ownerId");
        violations.throwIfAny();
        record Outcome(int updated, List<Long> notFound) {
        }
        Outcome outcome = db.inOrg(principal.orgId(), tx -> {
            Violations references = new Violations();
            Long stageId = changesStage ? reference(tx, body, "stageId", references) : null;
            Long ownerId = changesOwner ? owner(tx, body, references) : null;
            references.throwIfAny();
            List<Long> addIds = add.isEmpty() ? List.of() : tags.idsCreatingMissing(tx, add);
            List<Long> removeIds = remove.isEmpty() ? List.of() : tags.idsCreatingMissing(tx, remove);
            List<Long> notFound = new ArrayList<>();
            int updated = 0;
            for (long id : ids) {
                Optional<Contact> found = contacts.byId(tx, id);
                if (found.isEmpty()) {
                    notFound.add(id);
                    continue;
                }
                Contact before = found.get();
                if (changesStage || changesOwner) {
                    Contact after = new Contact(id, before.name(), before.phone(), before.waId(), before.email(), before.tags(),
                            changesStage ? stageId : before.stageId(), changesOwner ? ownerId : before.ownerId(),
                            before.customFields(), before.optedOut(), before.optedOutAt(), before.aiEnabled(), before.source(),
                            before.createdAt(), before.lastSeenAt(), before.lastInboundAt());
                    contacts.update(tx, after);
                    recordChanges(tx, principal.userId(), before, after);
                }
                for (String name : tags.remove(tx, id, removeIds)) {
                    activities.record(tx, id, "tag.removed", principal.userId(), "Tag removed: " + name, Map.of("tag", name));
                }
                for (String name : tags.add(tx, id, addIds)) {
                    activities.record(tx, id, "tag.added", principal.userId(), "Tagged " + name, Map.of("tag", name));
                }
                events.append(tx, "contact.updated", contacts.byId(tx, id).orElseThrow());
                updated++;
            }
            return new Outcome(updated, notFound);
        });
        json.send(res, Map.of("updated", outcome.updated(), "notFound", outcome.notFound()));
    }

    private void timeline(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "contact");
        int limit = Paging.limit(req);
        // The cursor is the time of the last entry of the page before: what follows is older.
        Instant before = req.query().first("cursor").map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw ValidationException.of("cursor", "is not a cursor this list returned");
            }
        }).orElse(null);
        List<Activity> items = db.inOrg(principal.orgId(), tx -> {
            contacts.byId(tx, id).orElseThrow(() -> notFound(id));
            return activities.timeline(tx, id, before, limit);
        });
        json.send(res, new Page<>(items, items.size() < limit ? null : items.getLast().at().toString()));
    }

    /** One timeline entry per field that changed, saying what it was and what it is. */
    private void recordChanges(Tx tx, Long actor, Contact before, Contact after) {
        if (!Objects.equals(before.name(), after.name())) {
            activities.record(tx, after.id(), "contact.updated", actor, "Name: " + show(before.name()) + " → " + show(after.name()),
                    change("name", before.name(), after.name()));
        }
        if (!Objects.equals(before.phone(), after.phone())) {
            activities.record(tx, after.id(), "contact.updated", actor, "Phone: " + show(before.phone()) + " → " + show(after.phone()),
                    change("phone", before.phone(), after.phone()));
        }
        if (!Objects.equals(before.email(), after.email())) {
            activities.record(tx, after.id(), "contact.updated", actor, "Email: " + show(before.email()) + " → " + show(after.email()),
                    change("email", before.email(), after.email()));
        }
        if (!Objects.equals(before.stageId(), after.stageId())) {
            activities.record(tx, after.id(), "stage.changed", actor, "Stage: " + stageName(tx, before.stageId()) + " → "
                    + stageName(tx, after.stageId()), change("stageId", before.stageId(), after.stageId()));
        }
        if (!Objects.equals(before.ownerId(), after.ownerId())) {
            activities.record(tx, after.id(), "owner.changed", actor, "Owner: " + ownerName(tx, before.ownerId()) + " → "
                    + ownerName(tx, after.ownerId()), change("ownerId", before.ownerId(), after.ownerId()));
        }
        if (before.optedOut() != after.optedOut()) {
            activities.record(tx, after.id(), "optout.changed", actor, after.optedOut() ? "Opted out of messages"
                    : "Opted back in", change("optedOut", before.optedOut(), after.optedOut()));
        }
        if (before.aiEnabled() != after.aiEnabled()) {
            activities.record(tx, after.id(), "contact.updated", actor, after.aiEnabled() ? "AI answers turned on"
                    : "AI answers turned off", change("aiEnabled", before.aiEnabled(), after.aiEnabled()));
        }
        Set<String> keys = new LinkedHashSet<>(before.customFields().keySet());
        keys.addAll(after.customFields().keySet());
        Map<String, CustomField> definitions = keys.isEmpty() ? Map.of() : fields.byKey(tx);
        for (String key : keys) {
            JsonNode was = before.customFields().get(key);
            JsonNode now = after.customFields().get(key);
            if (!Objects.equals(was, now)) {
                String label = Optional.ofNullable(definitions.get(key)).map(CustomField::label).orElse(key);
                activities.record(tx, after.id(), "field.changed", actor, label + ": " + show(was) + " → " + show(now),
                        change("customFields." + key, was == null ? NullNode.getInstance() : was,
                                now == null ? NullNode.getInstance() : now));
            }
        }
    }

    private void replaceTags(Tx tx, Long actor, long contactId, List<String> names) {
        List<Long> wanted = tags.idsCreatingMissing(tx, names);
        Set<Long> current = new HashSet<>(tags.ofContact(tx, contactId));
        List<Long> removed = current.stream().filter(t -> !wanted.contains(t)).toList();
        List<Long> added = wanted.stream().filter(t -> !current.contains(t)).toList();
        for (String name : tags.remove(tx, contactId, removed)) {
            activities.record(tx, contactId, "tag.removed", actor, "Tag removed: " + name, Map.of("tag", name));
        }
        for (String name : tags.add(tx, contactId, added)) {
            activities.record(tx, contactId, "tag.added", actor, "Tagged " + name, Map.of("tag", name));
        }
    }

    private String stageName(Tx tx, Long stageId) {
        return stageId == null ? "none" : stages.byId(tx, stageId).map(s -> s.name()).orElse("a deleted stage");
    }

    private String ownerName(Tx tx, Long userId) {
        return userId == null ? "nobody" : users.byId(tx, userId).map(a -> a.user().name()).orElse("a former member");
    }

    private static Map<String, Object> change(String field, Object from, Object to) {
        Map<String, Object> data = new HashMap<>();
        data.put("field", field);
        data.put("from", from);
        data.put("to", to);
        return data;
    }

    private static String show(Object value) {
        if (value == null || value instanceof NullNode) {
            return "(empty)";
        }
        return value instanceof JsonNode node && node.isValueNode() ? node.asText() : value.toString();
    }

    // --- reading the body -------------------------------------------------------------------------

    private static String text(JsonNode body, String field, Violations violations, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            violations.check(!required, field, "is required");
            return null;
        }
        if (!value.isTextual()) {
            violations.check(false, field, "must be text");
            return null;
        }
        String text = value.asText().strip();
        violations.check(text.length() <= 200, field, "must be at most 200 characters");
        return text;
    }

    private static String phone(JsonNode body, String country, Violations violations, boolean required) {
        String raw = text(body, "phone", violations, required);
        if (raw == null) {
            return null;
        }
        Optional<String> e164 = PhoneNumbers.toE164(raw, country);
        violations.check(e164.isPresent(), "phone", country == null
                ? "is not a phone number; write it with its country code, e.g. +49 151 12345678 (or set the default country in the CRM settings)"
                : "is not a phone number of " + country + " or with a country code");
        return e164.orElse(null);
    }

    private static String email(JsonNode body, Violations violations) {
        String email = text(body, "email", violations, false);
        if (email == null) {
            return null;
        }
        violations.email("email", email);
        return email.toLowerCase(Locale.ROOT);
    }

    private Long reference(Tx tx, JsonNode body, String field, Violations violations) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            violations.check(false, field, "must be an id");
            return null;
        }
        long id = value.asLong();
        violations.check(stages.byId(tx, id).isPresent(), field, "no stage with id " + id);
        return id;
    }

    private Long owner(Tx tx, JsonNode body, Violations violations) {
        JsonNode value = body.get("ownerId");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            violations.check(false, "ownerId", "must be a user id");
            return null;
        }
        long id = value.asLong();
        violations.check(users.unknownIds(tx, List.of(id)).isEmpty(), "ownerId", "user " + id + " is not a member of this organisation");
        return id;
    }

    private Map<String, JsonNode> customFields(Tx tx, JsonNode body, Violations violations) {
        JsonNode value = body.get("customFields");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            violations.check(false, "customFields", "must be an object of field keys and values");
            return Map.of();
        }
        Map<String, JsonNode> given = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            given.put(entry.getKey(), entry.getValue());
        }
        return CustomFieldValues.normalise(given, fields.byKey(tx), violations);
    }

    private static boolean bool(JsonNode body, String field, Violations violations) {
        JsonNode value = body.get(field);
        violations.check(value != null && value.isBoolean(), field, "must be true or false");
        return value != null && value.asBoolean();
    }

    private static List<String> tagNames(JsonNode body, String field, Violations violations) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            violations.check(false, field, "must be a list of tag names");
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode tag : value) {
            String name = tag.isTextual() ? tag.asText().strip() : "";
            violations.check(!name.isEmpty() && name.length() <= 50, field, "each tag is a name of 1 to 50 characters");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private ConflictException duplicate(Tx tx, String phone) {
        Long existing = contacts.idByWaId(tx, phone.substring(1)).orElse(null);
        return new ConflictException("A contact with the number " + phone + " exists already.", existing);
    }

    private static Contact write(Supplier<Contact> work) {
        return Constraints.conflictOnDuplicate("contact_email_key", "Another contact has this email.", work);
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No contact with id " + id + ".");
    }
}
