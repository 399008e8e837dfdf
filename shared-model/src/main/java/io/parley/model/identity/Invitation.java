package io.parley.model.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An invitation to join an organisation. {@code token} is only present in the answer that creates it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Invitation(long id, String email, Role role, String token, Instant expiresAt, Instant createdAt) {
}
