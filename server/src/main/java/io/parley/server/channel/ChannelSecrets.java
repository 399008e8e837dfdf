package io.parley.server.channel;

import io.parley.server.platform.crypto.SecretBox;

/** Seals and opens a channel's secrets; each is bound to its channel and field. */
public final class ChannelSecrets {
    static final String ACCESS_TOKEN = "accessToken";
    static final String APP_SECRET = "appSecret";
    static final String VERIFY_TOKEN = "verifyToken";

    private final SecretBox box;

    public ChannelSecrets(SecretBox box) {
        this.box = box;
    }

    String seal(StoredChannel channel, String field, String plaintext) {
        return plaintext == null ? null : box.seal(plaintext, channel.secretContext(field));
    }

    public String accessToken(StoredChannel channel) {
        return open(channel, ACCESS_TOKEN, channel.accessTokenSealed());
    }

    public String appSecret(StoredChannel channel) {
        return open(channel, APP_SECRET, channel.appSecretSealed());
    }

    private String open(StoredChannel channel, String field, String sealed) {
        return sealed == null ? null : box.open(sealed, channel.secretContext(field));
    }
}
