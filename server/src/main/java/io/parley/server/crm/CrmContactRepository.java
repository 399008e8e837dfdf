package io.parley.server.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatement;
import io.helidon.dbclient.DbStatementGet;
import io.helidon.dbclient.DbStatementQuery;
import io.parley.model.common.Page;
import io.parley.model.crm.Contact;
import io.parley.server.inbox.SearchText;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * The CRM's reads and writes of the {@code contact} table (the inbox's upsert of WhatsApp senders is
 * {@link ContactRepository}'s). Erased contacts ({@code deleted_at}) are stubs and never listed.
 */
public final class CrmContactRepository {
    private static final String COLUMNS = "c.id, c.name, c.username, c.phone, c.wa_id, c.email, c.stage_id, c.owner_id,"
            + " CAST(c.custom_fields AS text) AS custom_fields, c.opted_out, c.opted_out_at, c.ai_enabled, c.source,"
            + " c.created_at, c.last_seen_at, c.last_inbound_at,"
            + " CAST(coalesce((SELECT json_agg(t.name ORDER BY lower(t.name)) FROM contact_tag ct JOIN tag t"
            + "   ON t.org_id = ct.org_id AND t.id = ct.tag_id WHERE ct.org_id = c.org_id AND ct.contact_id = c.id),"
            + "   '[]') AS text) AS tags";
    private static final String ORDER = " ORDER BY c.last_seen_at DESC NULLS LAST, c.id DESC";

    /** A new contact's fields, already validated and normalised. */
    public record NewContact(String name, String phone, String email, Long stageId, Long ownerId,
                             Map<String, JsonNode> customFields, String source) {
    }

    private final ObjectMapper mapper;

    public CrmContactRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A page of the contacts matching {@code filter} and the search words {@code q}, in the list's order. */
    public Page<Contact> list(Tx tx, SegmentCompiler.Sql filter, String q, ContactCursor after, int limit) {
        customPlans(tx);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM contact c WHERE c.org_id = :org"
                + " AND c.deleted_at IS NULL AND (" + filter.where() + ")");
        String words = SearchText.prefixQuery(q);
        String digits = SearchText.digits(q);
        if (words != null) {
            sql.append(digits == null ? " AND c.search_tsv @@ to_tsquery('simple', :q)"
                    : " AND (c.search_tsv @@ to_tsquery('simple', :q)"
                    + " OR c.phone LIKE :digits)");
        }
        if (after != null) {
            sql.append(after.lastSeenAt() == null ? " AND c.last_seen_at IS NULL AND c.id < :afterId"
                    : " AND (c.last_seen_at < :afterSeen OR (c.last_seen_at = :afterSeen AND c.id < :afterId)"
                    + " OR c.last_seen_at IS NULL)");
        }
        sql.append(ORDER).append(" LIMIT :limit");
        DbStatementQuery query = tx.query(sql.toString()).addParam("org", tx.orgId()).addParam("limit", limit + 1);
        filter.params().forEach(query::addParam);
        if (words != null) {
            query.addParam("q", words);
            if (digits != null) {
                query.addParam("digits", "%" + digits + "%");
            }
        }
        if (after != null) {
            query.addParam("afterId", after.id());
            if (after.lastSeenAt() != null) {
                query.addParam("afterSeen", Rows.utc(after.lastSeenAt()));
            }
        }
        List<Contact> rows = Tx.list(query, this::contact);
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Contact> page = rows.subList(0, limit);
        Contact last = page.getLast();
        return new Page<>(page, new ContactCursor(last.lastSeenAt(), last.id()).encode());
    }

    /** How many contacts match {@code filter}. */
    public long count(Tx tx, SegmentCompiler.Sql filter) {
        customPlans(tx);
        DbStatementGet get = tx.get("SELECT count(*) AS n FROM contact c WHERE c.org_id = :org AND c.deleted_at IS NULL"
                + " AND (" + filter.where() + ")").addParam("org", tx.orgId());
        filter.params().forEach(get::addParam);
        return get.execute().orElseThrow().column("n").getLong();
    }

    public Optional<Contact> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM contact c WHERE c.org_id = :org AND c.id = :id"
                + " AND c.deleted_at IS NULL").addParam("org", tx.orgId()).addParam("id", id), this::contact);
    }

    /**
     * How many contacts a filter selects depends on its values (a rare city, a common tag), so each
     * execution is planned for its own: a plan cached for the statement's shape picks the wrong index.
     */
    private static void customPlans(Tx tx) {
        tx.dml("SET LOCAL plan_cache_mode = force_custom_plan").execute();
    }

    /** The live contact holding this WhatsApp id (a phone's digits), if any. */
    public Optional<Long> idByWaId(Tx tx, String waId) {
        return tx.get("SELECT id FROM contact WHERE org_id = :org AND wa_id = :wa").addParam("org", tx.orgId())
                .addParam("wa", waId).execute().map(row -> row.column("id").getLong());
    }

    /** Inserts the contact; empty when another already has its number. */
    public Optional<Long> insert(Tx tx, NewContact c) {
        String waId = c.phone() == null ? null : c.phone().substring(1);
        return tx.get("INSERT INTO contact (org_id, wa_id, phone, name, email, stage_id, owner_id, custom_fields, source,"
                        + " search_text) VALUES (:org, :wa, :phone, :name, :email, :stage, :owner, CAST(:fields AS jsonb),"
                        + " :source, :search) ON CONFLICT (org_id, wa_id) WHERE wa_id IS NOT NULL DO NOTHING RETURNING id")
                .addParam("org", tx.orgId())
                .addParam("wa", waId)
                .addParam("phone", c.phone())
                .addParam("name", c.name())
                .addParam("email", c.email())
                .addParam("stage", c.stageId())
                .addParam("owner", c.ownerId())
                .addParam("fields", json(c.customFields()))
                .addParam("source", c.source())
                .addParam("search", searchText(c.name(), null, waId, c.phone(), c.email()))
                .execute().map(row -> row.column("id").getLong());
    }

    /** What an import needs to know of a contact it meets again. */
    record Known(long id, String waId, String name, String username, String email) {
    }

    /** The live contacts holding these WhatsApp ids, by id. */
    Map<String, Known> byWaIds(Tx tx, Collection<String> waIds) {
        Map<String, Known> known = new HashMap<>();
        // A join with the numbers, not "wa_id = ANY(...)": a plan cached while an import grows the table
        // kept the statistics of when it was small and scanned the whole organisation for each batch.
        Tx.list(tx.query("SELECT c.id, c.wa_id, c.name, c.username, c.email FROM unnest(CAST(:was AS text[])) AS w(wa)"
                        + " JOIN contact c ON c.org_id = :org AND c.wa_id = w.wa")
                .addParam("org", tx.orgId()).addParam("was", waIds.toArray(String[]::new)), row -> new Known(
                row.column("id").getLong(), row.column("wa_id").getString(), Rows.string(row, "name"),
                Rows.string(row, "username"), Rows.string(row, "email")))
                .forEach(k -> known.put(k.waId(), k));
        return known;
    }

    /** Which WhatsApp id holds each of these emails (a contact without a number maps to ""). */
    Map<String, String> emailHolders(Tx tx, Collection<String> emails) {
        Map<String, String> holders = new HashMap<>();
        if (emails.isEmpty()) {
            return holders;
        }
        Tx.list(tx.query("SELECT c.email, coalesce(c.wa_id, '') AS wa FROM unnest(CAST(:emails AS text[])) AS e(email)"
                                + " JOIN contact c ON c.org_id = :org AND c.email = e.email AND c.deleted_at IS NULL")
                        .addParam("org", tx.orgId()).addParam("emails", emails.toArray(String[]::new)),
                row -> Map.entry(row.column("email").getString(), row.column("wa").getString()))
                .forEach(e -> holders.put(e.getKey(), e.getValue()));
        return holders;
    }

    /**
     * Inserts imported contacts in one statement; returns the new ids by WhatsApp id. A number that
     * meanwhile arrived another way (a customer writing) is left out, not doubled.
     */
    Map<String, Long> insertImported(Tx tx, List<ImportRowParser.Candidate> rows) {
        Map<String, Long> ids = new HashMap<>();
        if (rows.isEmpty()) {
            return ids;
        }
        Tx.list(importedValues(tx.query("INSERT INTO contact (org_id, wa_id, phone, name, email, stage_id, owner_id, custom_fields, opted_out,"
                        + " opted_out_at, source, search_text)"
                        + " SELECT :org, t.wa, '+' || t.wa, t.name, t.email, t.stage, t.owner, CAST(t.fields AS jsonb),"
                        + " coalesce(t.opted, false), CASE WHEN t.opted THEN now() END, 'IMPORT', t.search"
                        + " FROM unnest(CAST(:was AS text[]), CAST(:names AS text[]), CAST(:emails AS text[]),"
                        + " CAST(:stages AS bigint[]), CAST(:owners AS bigint[]), CAST(:fields AS text[]),"
                        + " CAST(:opted AS boolean[]), CAST(:search AS text[]))"
                        + " AS t(wa, name, email, stage, owner, fields, opted, search)"
                        + " ON CONFLICT (org_id, wa_id) WHERE wa_id IS NOT NULL DO NOTHING RETURNING id, wa_id"), rows)
                .addParam("org", tx.orgId())
                .addParam("was", rows.stream().map(ImportRowParser.Candidate::waId).toArray(String[]::new))
                .addParam("search", rows.stream().map(r -> searchText(r.name(), null, r.waId(), r.phone(), r.email()))
                        .toArray(String[]::new)),
                row -> Map.entry(row.column("wa_id").getString(), row.column("id").getLong()))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }

    /** The columns of imported rows both statements take, one array each. */
    private <S extends DbStatement<S>> S importedValues(S statement, List<ImportRowParser.Candidate> rows) {
        return statement
                .addParam("names", rows.stream().map(ImportRowParser.Candidate::name).toArray(String[]::new))
                .addParam("emails", rows.stream().map(ImportRowParser.Candidate::email).toArray(String[]::new))
                .addParam("stages", rows.stream().map(ImportRowParser.Candidate::stageId).toArray(Long[]::new))
                .addParam("owners", rows.stream().map(ImportRowParser.Candidate::ownerId).toArray(Long[]::new))
                .addParam("fields", rows.stream().map(r -> json(r.customFields())).toArray(String[]::new))
                .addParam("opted", rows.stream().map(ImportRowParser.Candidate::optedOut).toArray(Boolean[]::new));
    }

    /** Writes imported values over known contacts in one statement; blank cells (nulls) keep what is there. */
    void updateImported(Tx tx, List<ImportRowParser.Candidate> rows, Map<String, Known> known) {
        if (rows.isEmpty()) {
            return;
        }
        importedValues(tx.dml("UPDATE contact c SET name = coalesce(t.name, c.name), email = coalesce(t.email, c.email),"
                        + " stage_id = coalesce(t.stage, c.stage_id), owner_id = coalesce(t.owner, c.owner_id),"
                        + " custom_fields = c.custom_fields || CAST(t.fields AS jsonb),"
                        + " opted_out = coalesce(t.opted, c.opted_out),"
                        + " opted_out_at = CASE WHEN t.opted IS NULL OR t.opted = c.opted_out THEN c.opted_out_at"
                        + " WHEN t.opted THEN now() END, search_text = t.search, updated_at = now()"
                        + " FROM unnest(CAST(:ids AS bigint[]), CAST(:names AS text[]), CAST(:emails AS text[]),"
                        + " CAST(:stages AS bigint[]), CAST(:owners AS bigint[]), CAST(:fields AS text[]),"
                        + " CAST(:opted AS boolean[]), CAST(:search AS text[]))"
                        + " AS t(id, name, email, stage, owner, fields, opted, search)"
                        + " WHERE c.org_id = :org AND c.id = t.id"), rows)
                .addParam("org", tx.orgId())
                .addParam("ids", rows.stream().map(r -> known.get(r.waId()).id()).toArray(Long[]::new))
                .addParam("search", rows.stream().map(r -> {
                    Known k = known.get(r.waId());
                    return searchText(r.name() != null ? r.name() : k.name(), k.username(), r.waId(), r.phone(),
                            r.email() != null ? r.email() : k.email());
                }).toArray(String[]::new))
                .execute();
    }

    /** Writes the contact's editable fields as they are now in {@code c} (the caller merged the changes). */
    public void update(Tx tx, Contact c) {
        tx.dml("UPDATE contact SET name = :name, phone = :phone, wa_id = :wa, email = :email, stage_id = :stage,"
                        + " owner_id = :owner, custom_fields = CAST(:fields AS jsonb), opted_out = :optedOut,"
                        + " opted_out_at = :optedOutAt, ai_enabled = :ai, search_text = :search, updated_at = now()"
                        + " WHERE org_id = :org AND id = :id")
                .addParam("name", c.name())
                .addParam("phone", c.phone())
                .addParam("wa", c.waId())
                .addParam("email", c.email())
                .addParam("stage", c.stageId())
                .addParam("owner", c.ownerId())
                .addParam("fields", json(c.customFields()))
                .addParam("optedOut", c.optedOut())
                .addParam("optedOutAt", c.optedOutAt() == null ? null : Rows.utc(c.optedOutAt()))
                .addParam("ai", c.aiEnabled())
                .addParam("search", searchText(c.name(), null, c.waId(), c.phone(), c.email()))
                .addParam("org", tx.orgId())
                .addParam("id", c.id())
                .execute();
    }

    /**
     * Erases the contact's personal data: name, numbers, WhatsApp identities, email, fields, tags and
     * timeline go; the row stays as "Deleted contact" for the conversations that point to it, whose
     * messages keep their times and statuses but lose their text and content.
     */
    public boolean erase(Tx tx, long id) {
        long erased = tx.dml("UPDATE contact SET name = NULL, username = NULL, phone = NULL, wa_id = NULL, bsuid = NULL,"
                        + " email = NULL, custom_fields = '{}', owner_id = NULL, stage_id = NULL, search_text = NULL,"
                        + " deleted_at = now(), updated_at = now() WHERE org_id = :org AND id = :id AND deleted_at IS NULL")
                .addParam("org", tx.orgId()).addParam("id", id).execute();
        if (erased == 0) {
            return false;
        }
        tx.dml("DELETE FROM contact_tag WHERE org_id = :org AND contact_id = :id").addParam("org", tx.orgId())
                .addParam("id", id).execute();
        tx.dml("DELETE FROM activity WHERE org_id = :org AND contact_id = :id").addParam("org", tx.orgId())
                .addParam("id", id).execute();
        tx.dml("UPDATE message SET text = NULL, search_text = NULL, content = '{}', request = NULL, raw = NULL"
                        + " WHERE org_id = :org AND conversation_id IN"
                        + " (SELECT id FROM conversation WHERE org_id = :org AND contact_id = :id)")
                .addParam("org", tx.orgId()).addParam("id", id).execute();
        return true;
    }

    /** Name, username, number and email, folded for search ("Müller" is found by "muller"). */
    static String searchText(String name, String username, String waId, String phone, String email) {
        StringJoiner words = new StringJoiner(" ");
        Stream.of(name, username, waId, phone, email).filter(Objects::nonNull).forEach(words::add);
        return SearchText.fold(words.toString());
    }

    private String json(Map<String, JsonNode> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Contact contact(DbRow row) {
        try {
            String name = Rows.string(row, "name");
            return new Contact(row.column("id").getLong(), name != null ? name : Rows.string(row, "username"),
                    Rows.string(row, "phone"), Rows.string(row, "wa_id"), Rows.string(row, "email"),
                    mapper.readValue(row.column("tags").getString(), new TypeReference<List<String>>() {
                    }),
                    Rows.longOrNull(row, "stage_id"), Rows.longOrNull(row, "owner_id"),
                    mapper.readValue(row.column("custom_fields").getString(), new TypeReference<Map<String, JsonNode>>() {
                    }),
                    row.column("opted_out").getBoolean(), Rows.instant(row, "opted_out_at"),
                    row.column("ai_enabled").getBoolean(), row.column("source").getString(),
                    Rows.instant(row, "created_at"), Rows.instant(row, "last_seen_at"), Rows.instant(row, "last_inbound_at"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
