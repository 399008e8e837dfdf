package io.parley.model.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A saved filter: {@code match} "all" or "any" of the conditions.
 * A condition's {@code field} is tag, stageId, ownerId, optedOut, name, phone, email, createdAt,
 * lastSeenAt, lastInboundAt or customFields.&lt;key&gt;; {@code op} one of eq, neq, contains, has, hasNot,
 * gt, lt, before, after, withinDays, isSet, isNotSet.
 */
public record SegmentFilter(String match, List<Condition> conditions) {
    public SegmentFilter {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public record Condition(String field, String op, JsonNode value) {
    }
}
