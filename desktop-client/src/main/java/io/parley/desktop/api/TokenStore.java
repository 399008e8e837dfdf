package io.parley.desktop.api;

/** Where the client keeps its tokens: the access token in memory, the refresh token wherever the app wants it kept. */
public interface TokenStore {
    String accessToken();

    String refreshToken();

    void save(String accessToken, String refreshToken);

    void clear();

    /** Keeps both in memory only (tests, tools). */
    static TokenStore inMemory() {
        return new TokenStore() {
            private volatile String access;
            private volatile String refresh;

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
            }

            @Override
            public void clear() {
                access = null;
                refresh = null;
            }
        };
    }
}
