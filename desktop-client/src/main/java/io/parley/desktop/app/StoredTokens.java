package io.parley.desktop.app;

import io.parley.desktop.api.TokenStore;

/** The access token in memory; the refresh token also in the user's config dir, so a restart stays signed in. */
public final class StoredTokens implements TokenStore {
    private final Settings settings;
    private final TokenStore memory = TokenStore.inMemory();

    public StoredTokens(Settings settings) {
        this.settings = settings;
        memory.save(null, settings.refreshToken());
    }

    @Override
    public String accessToken() {
        return memory.accessToken();
    }

    @Override
    public String refreshToken() {
        return memory.refreshToken();
    }

    @Override
    public void save(String accessToken, String refreshToken) {
        memory.save(accessToken, refreshToken);
        settings.storeRefreshToken(refreshToken);
    }

    @Override
    public void clear() {
        memory.clear();
        settings.storeRefreshToken(null);
    }
}
