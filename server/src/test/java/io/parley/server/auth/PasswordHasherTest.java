package io.parley.server.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = PasswordHasher.standard();

    @Test
    void hashesAreArgon2idPhcStringsWithFreshSalt() {
        String first = hasher.hash("correct horse battery staple");
        String second = hasher.hash("correct horse battery staple");

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify("correct horse battery staple", first)).isTrue();
        assertThat(hasher.verify("correct horse battery staple", second)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", first)).isFalse();
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("pässwörd-ünïcode-🔑");

        assertThat(hasher.verify("pässwörd-ünïcode-🔑", cheap)).isTrue();
        assertThat(hasher.verify("passwort", cheap)).isFalse();
    }

    @Test
    void rejectsHashesItCannotRead() {
        assertThat(hasher.verify("x", "$2a$10$bcrypt-looking")).isFalse();
        assertThat(hasher.verify("x", "plain")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=1024,t=1,q=1$c2FsdA$aGFzaA")).isFalse();
    }
}
