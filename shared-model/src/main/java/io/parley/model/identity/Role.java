package io.parley.model.identity;

/**
 * What a member of an organisation may do. Declared from most to least powerful.
 */
public enum Role {
    OWNER,
    ADMIN,
    SUPERVISOR,
    AGENT;

    /** True when this role has at least the rights of {@code other}. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }
}
