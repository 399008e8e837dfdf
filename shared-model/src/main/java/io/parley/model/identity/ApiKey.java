package io.parley.model.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An integration key. {@code key} (the secret) is only present in the answer that creates it;
 * {@code prefix} identifies it afterwards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(long id, String name, Role role, String prefix, String key, Instant createdAt, Instant lastUsedAt) {
}
