package io.parley.server.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.platform.db.Tx;

/**
 * Appends to the {@code event} table in the caller's transaction, so an event exists exactly when
 * the change it describes committed. The real-time stream reads from here.
 */
public final class EventLog {
    private final ObjectMapper mapper;

    public EventLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public long append(Tx tx, String type, Object payload) {
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable", e);
        }
        return tx.get("INSERT INTO event (org_id, type, payload) VALUES (:org, :type, CAST(:payload AS jsonb)) RETURNING id")
                .addParam("org", tx.orgId())
                .addParam("type", type)
                .addParam("payload", json)
                .execute().orElseThrow().column("id").getLong();
    }
}
