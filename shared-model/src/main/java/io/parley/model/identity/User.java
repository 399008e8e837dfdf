package io.parley.model.identity;

/** A member of an organisation as the API shows it. */
public record User(long id, String email, String name, Role role, boolean active) {
}
