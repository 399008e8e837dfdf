package io.parley.server.auth;

import java.util.Locale;

/** Emails are compared case-insensitively: stored and looked up in one normal form. */
public final class Emails {
    private Emails() {
    }

    public static String normalise(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }
}
