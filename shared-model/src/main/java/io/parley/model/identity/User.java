package io.parley.model.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A member of an organisation as the API shows it.
 *
 * @param online whether the user has the app open (an event stream); only in user listings
 */
public record User(long id, String email, String name, Role role, boolean active,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean online) {

    public User(long id, String email, String name, Role role, boolean active) {
        this(id, email, name, role, active, null);
    }
}
