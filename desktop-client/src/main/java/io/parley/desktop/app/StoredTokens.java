package io.parley.desktop.app;

import io.parley.desktop.api.TokenStore;

/** The access token in memory; the refresh token also in the user's config dir, so a restart stays signed in. */
public final class StoredTokens implements TokenStore {
    private final Settings settings;
    private volatile String access;
    private volatile String refresh;

    public StoredTokens(Settings settings) {
        this.settings = settings;
        this.refresh = settings.refreshToken();
    }

    @Override
    public String accessToken() {
        return access;
    }

    @Override
    public String refreshToken() {
        return refresh;
    }

    @Override
    public void save(String accessToken, String refreshToken) {
        this.access = accessToken;
        this.refresh = refreshToken;
        settings.storeRefreshToken(refreshToken);
    }

    @Override
    public void clear() {
        access = null;
        refresh = null;
        settings.storeRefreshToken(null);
    }
}
