package io.parley.server.channel;

import io.parley.server.platform.crypto.SecretBox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Seals and opens a channel's secrets; each is bound to its channel and field. */
public final class ChannelSecrets {
    static final String ACCESS_TOKEN = "accessToken";
    static final String APP_SECRET = "appSecret";
    static final String VERIFY_TOKEN = "verifyToken";

    /** Every send needs its channel's token, and opening it is an AES-GCM decryption each time. */
    private static final int MAX_KEPT = 1_000;

    private final SecretBox box;
    private final Map<String, String> recent = new ConcurrentHashMap<>();

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
        if (sealed == null) {
            return null;
        }
        String context = channel.secretContext(field);
        // Keyed by the sealed value itself: a new secret is a new key, so nothing here goes stale.
        String key = context + "\n" + sealed;
        String opened = recent.get(key);
        if (opened == null) {
            opened = box.open(sealed, context);
            if (recent.size() >= MAX_KEPT) {
                recent.clear();
            }
            recent.put(key, opened);
        }
        return opened;
    }

}
