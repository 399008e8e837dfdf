package io.parley.model.identity;

/**
 * The owner of the demo organisation a server started with {@code --demo} creates. Shared so that the
 * desktop app's {@code --demo} launch signs in to exactly what the server made; never used otherwise.
 */
public final class DemoAccount {
    public static final String EMAIL = "demo@parley.local";
    public static final String PASSWORD = "parley-demo";

    private DemoAccount() {
    }
}
