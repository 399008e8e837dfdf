package io.parley.server.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.parley.model.channel.Template;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.util.List;
import java.util.Optional;

/** The {@code template} table: message templates per channel, as last synced or reported by Meta. */
public final class TemplateRepository {
    private static final String COLUMNS = "id, channel_id, name, language, category, status, reason,"
            + " CAST(components AS text) AS components, updated_at";

    private final ObjectMapper mapper;

    public TemplateRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Inserts or refreshes a template from Meta's list. */
    public void upsert(Tx tx, long channelId, String metaId, String name, String language, String category,
                       String status, JsonNode components) {
        tx.dml("INSERT INTO template (org_id, channel_id, meta_id, name, language, category, status, components)"
                        + " VALUES (:org, :channel, :meta, :name, :lang, :category, :status, CAST(:components AS jsonb))"
                        + " ON CONFLICT (org_id, channel_id, name, language) DO UPDATE SET meta_id = EXCLUDED.meta_id,"
                        + " category = EXCLUDED.category, status = EXCLUDED.status, components = EXCLUDED.components,"
                        + " updated_at = now()")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("meta", metaId)
                .addParam("name", name).addParam("lang", language).addParam("category", category)
                .addParam("status", status).addParam("components", json(components)).execute();
    }

    /**
     * Applies a {@code message_template_status_update}: by Meta's template id, else by name and
     * language; a template not synced yet is recorded with what the update says. Empty when nothing
     * changed (a redelivery).
     */
    public Optional<Template> applyStatus(Tx tx, long channelId, WebhookParser.TemplateStatus update) {
        boolean known = tx.get("SELECT EXISTS (SELECT 1 FROM template WHERE org_id = :org AND channel_id = :channel"
                        + " AND (meta_id = :meta OR (name = :name AND language = :lang))) AS known")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("meta", update.templateId())
                .addParam("name", update.name()).addParam("lang", update.language())
                .execute().orElseThrow().column("known").getBoolean();
        long changed = tx.dml("UPDATE template SET status = :status, reason = :reason, updated_at = now()"
                        + " WHERE org_id = :org AND channel_id = :channel AND (meta_id = :meta"
                        + " OR (CAST(:meta AS text) IS NULL AND name = :name AND language = :lang))"
                        + " AND (status IS DISTINCT FROM :status OR reason IS DISTINCT FROM :reason)")
                .addParam("status", update.event()).addParam("reason", reason(update.reason()))
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("meta", update.templateId())
                .addParam("name", update.name()).addParam("lang", update.language()).execute();
        if (!known && update.name() != null) {
            tx.dml("INSERT INTO template (org_id, channel_id, meta_id, name, language, status, reason)"
                            + " VALUES (:org, :channel, :meta, :name, :lang, :status, :reason)"
                            + " ON CONFLICT (org_id, channel_id, name, language) DO UPDATE SET status = EXCLUDED.status,"
                            + " reason = EXCLUDED.reason, meta_id = COALESCE(EXCLUDED.meta_id, template.meta_id), updated_at = now()")
                    .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("meta", update.templateId())
                    .addParam("name", update.name()).addParam("lang", update.language() == null ? "und" : update.language())
                    .addParam("status", update.event()).addParam("reason", reason(update.reason())).execute();
        } else if (changed == 0) {
            return Optional.empty();
        }
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM template WHERE org_id = :org AND channel_id = :channel"
                        + " AND (meta_id = :meta OR name = :name) ORDER BY updated_at DESC LIMIT 1")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("meta", update.templateId())
                .addParam("name", update.name()), this::template);
    }

    public List<Template> list(Tx tx, Long channelId) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM template WHERE org_id = :org"
                        + " AND (CAST(:channel AS bigint) IS NULL OR channel_id = :channel) ORDER BY name, language")
                .addParam("org", tx.orgId()).addParam("channel", channelId), this::template);
    }

    public Optional<Template> find(Tx tx, long channelId, String name, String language) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM template WHERE org_id = :org AND channel_id = :channel"
                        + " AND name = :name AND language = :lang")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("name", name).addParam("lang", language),
                this::template);
    }

    private static String reason(String reason) {
        return reason == null || "NONE".equalsIgnoreCase(reason) ? null : reason;
    }

    private Template template(DbRow row) {
        try {
            return new Template(row.column("id").getLong(), row.column("channel_id").getLong(),
                    row.column("name").getString(), row.column("language").getString(), Rows.string(row, "category"),
                    row.column("status").getString(), Rows.string(row, "reason"),
                    mapper.readTree(row.column("components").getString()), Rows.instant(row, "updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored template components are not JSON", e);
        }
    }

    private String json(JsonNode node) {
        try {
            return node == null ? "[]" : mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
