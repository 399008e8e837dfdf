package io.parley.server.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.parley.model.crm.CustomField;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code custom_field} table: the fields an organisation's contacts may carry. */
public final class CustomFieldRepository {
    private static final String SELECT = "SELECT id, key, label, type, CAST(options AS text) AS options FROM custom_field"
            + " WHERE org_id = :org";

    private final ObjectMapper mapper;

    public CustomFieldRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<CustomField> list(Tx tx) {
        return Tx.list(tx.query(SELECT + " ORDER BY position, id").addParam("org", tx.orgId()), this::field);
    }

    /** By key, for validating values and compiling filters. */
    public Map<String, CustomField> byKey(Tx tx) {
        return list(tx).stream().collect(Collectors.toMap(CustomField::key, Function.identity()));
    }

    public Optional<CustomField> byId(Tx tx, long id) {
        return Tx.one(tx.get(SELECT + " AND id = :id").addParam("org", tx.orgId()).addParam("id", id), this::field);
    }

    public long insert(Tx tx, String key, String label, String type, List<String> options) {
        return tx.get("INSERT INTO custom_field (org_id, key, label, type, options, position) VALUES (:org, :key, :label,"
                        + " :type, CAST(:options AS jsonb), (SELECT coalesce(max(position) + 1, 0) FROM custom_field"
                        + " WHERE org_id = :org)) RETURNING id")
                .addParam("org", tx.orgId()).addParam("key", key).addParam("label", label).addParam("type", type)
                .addParam("options", json(options)).execute().orElseThrow().column("id").getLong();
    }

    public void update(Tx tx, long id, String label, List<String> options) {
        tx.dml("UPDATE custom_field SET label = coalesce(:label, label),"
                        + " options = coalesce(CAST(:options AS jsonb), options) WHERE org_id = :org AND id = :id")
                .addParam("label", label).addParam("options", options == null ? null : json(options))
                .addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    /** Deletes the field and its values on every contact. */
    public boolean delete(Tx tx, CustomField field) {
        tx.dml("UPDATE contact SET custom_fields = custom_fields - :key WHERE org_id = :org AND jsonb_exists(custom_fields, :key)")
                .addParam("key", field.key()).addParam("org", tx.orgId()).execute();
        return tx.dml("DELETE FROM custom_field WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", field.id()).execute() > 0;
    }

    private String json(List<String> options) {
        try {
            return mapper.writeValueAsString(options == null ? List.of() : options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CustomField field(DbRow row) {
        try {
            return new CustomField(row.column("id").getLong(), row.column("key").getString(), row.column("label").getString(),
                    row.column("type").getString(), mapper.readValue(row.column("options").getString(), new TypeReference<>() {
                    }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
