package io.parley.model.identity;

/** Answer to {@code GET /api/v1/auth/me}; {@code user} is null when the caller is an API key. */
public record Me(User user, Org org) {
}
