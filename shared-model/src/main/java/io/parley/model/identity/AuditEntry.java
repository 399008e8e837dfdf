package io.parley.model.identity;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the audit log: who did what to which object. */
public record AuditEntry(long id, Long actorUserId, Long actorApiKeyId, String action, String targetType,
                         String targetId, Map<String, Object> details, Instant createdAt) {
    public AuditEntry {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
