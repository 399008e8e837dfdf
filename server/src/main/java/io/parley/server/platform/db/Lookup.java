package io.parley.server.platform.db;

/**
 * The keys by which a row may be found before its organisation is known. Each one has a matching
 * SELECT-only policy in the migrations ({@code app_lookup('<key>')}).
 */
public enum Lookup {
    EMAIL("email"),
    REFRESH_TOKEN("refresh_token"),
    INVITATION("invitation"),
    PASSWORD_RESET("password_reset"),
    API_KEY("api_key"),
    PHONE_NUMBER_ID("phone_number_id"),
    WABA_ID("waba_id"),
    VERIFY_TOKEN("verify_token"),
    JOBS("jobs");

    private final String setting;

    Lookup(String setting) {
        this.setting = setting;
    }

    String setting() {
        return "app.lookup_" + setting;
    }
}
