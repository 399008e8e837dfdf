package io.parley.model.identity;

/** Partial update of a user; null fields stay as they are. */
public record UserPatch(Role role, Boolean active, String name) {
}
