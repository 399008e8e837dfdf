package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerRequest;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.SegmentFilter;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contact list's query parameters — {@code tag} (repeatable, each must match), {@code stageId},
 * {@code ownerId}, {@code optedOut}, {@code segmentId}, {@code id} (repeatable: just these contacts,
 * e.g. a selection to export) — as one compiled condition, for every
 * endpoint that selects contacts the way the list does (the list, the export, the stage counts).
 */
final class ContactFilters {
    private static final int MAX_IDS = 1_000;
    private final ObjectMapper mapper;
    private final CustomFieldRepository fields;
    private final SegmentRepository segments;

    ContactFilters(ObjectMapper mapper, CustomFieldRepository fields, SegmentRepository segments) {
        this.mapper = mapper;
        this.fields = fields;
        this.segments = segments;
    }

    SegmentCompiler.Sql from(Tx tx, ServerRequest req) {
        List<SegmentFilter.Condition> conditions = new ArrayList<>();
        for (String tag : req.query().all("tag", List::of)) {
            conditions.add(new SegmentFilter.Condition("tag", "has", mapper.getNodeFactory().textNode(tag)));
        }
        req.query().first("stageId").ifPresent(v -> conditions.add(new SegmentFilter.Condition("stageId", "eq", idNode("stageId", v))));
        req.query().first("ownerId").ifPresent(v -> conditions.add(new SegmentFilter.Condition("ownerId", "eq", idNode("ownerId", v))));
        req.query().first("optedOut").ifPresent(v -> {
            if (!v.equals("true") && !v.equals("false")) {
                throw ValidationException.of("optedOut", "must be true or false");
            }
            conditions.add(new SegmentFilter.Condition("optedOut", "eq", mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(v))));
        });
        Map<String, CustomField> byKey = fields.byKey(tx);
        SegmentCompiler.Sql sql = SegmentCompiler.compile(new SegmentFilter("all", conditions), byKey, "f", "filter");
        List<String> ids = req.query().all("id", List::of);
        if (!ids.isEmpty()) {
            if (ids.size() > MAX_IDS) {
                throw ValidationException.of("id", "at most " + MAX_IDS + " ids");
            }
            Long[] values = ids.stream().map(v -> idNode("id", v).asLong()).toArray(Long[]::new);
            sql = sql.and(new SegmentCompiler.Sql("c.id = ANY(:f_ids)", Map.of("f_ids", values)));
        }
        Optional<String> segmentId = req.query().first("segmentId").asOptional();
        if (segmentId.isPresent()) {
            long id = idNode("segmentId", segmentId.get()).asLong();
            SegmentFilter saved = segments.filter(tx, id)
                    .orElseThrow(() -> ValidationException.of("segmentId", "no segment with id " + id));
            sql = sql.and(SegmentCompiler.compile(saved, byKey, "s", "segmentId"));
        }
        return sql;
    }

    private JsonNode idNode(String name, String value) {
        try {
            return mapper.getNodeFactory().numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw ValidationException.of(name, "must be an id (a whole number)");
        }
    }
}
