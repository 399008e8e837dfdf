package io.parley.server.platform.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private final SecretBox box = new SecretBox(KEY);

    @Test
    void sealsAndOpensWithFreshNonces() {
        String first = box.seal("EAAG-token-🔐", "channel:1:accessToken");
        String second = box.seal("EAAG-token-🔐", "channel:1:accessToken");

        assertThat(first).startsWith("v1:").isNotEqualTo(second).doesNotContain("EAAG");
        assertThat(box.open(first, "channel:1:accessToken")).isEqualTo("EAAG-token-🔐");
    }

    @Test
    void refusesOtherContextsKeysAndTampering() {
        String sealed = box.seal("secret", "channel:1:appSecret");
        SecretBox otherKey = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> box.open(sealed, "channel:2:appSecret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> otherKey.open(sealed, "channel:1:appSecret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(tampered, "channel:1:appSecret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("plain", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
