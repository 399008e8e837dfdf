package io.parley.server.auth;

import io.parley.model.identity.Role;

/**
 * Who is calling: a signed-in user or an integration's API key, always of one organisation.
 *
 * @param userId   the user, or null for an API key
 * @param apiKeyId the API key, or null for a user
 */
public record Principal(long orgId, Long userId, Long apiKeyId, Role role) {
    public static Principal user(long orgId, long userId, Role role) {
        return new Principal(orgId, userId, null, role);
    }

    public static Principal apiKey(long orgId, long apiKeyId, Role role) {
        return new Principal(orgId, null, apiKeyId, role);
    }

    public boolean isUser() {
        return userId != null;
    }
}
