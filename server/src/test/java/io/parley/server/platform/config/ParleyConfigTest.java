package io.parley.server.platform.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParleyConfigTest {
    private static final String MASTER = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String JWT = Base64.getEncoder().encodeToString(new byte[48]);

    @Test
    void readsEveryKeyAndDefaultsTheRest(@TempDir Path dir) {
        ParleyConfig config = ParleyConfig.from(config(Map.of(
                "parley.port", "9090",
                "parley.data.dir", dir.toString(),
                "parley.db.url", "jdbc:postgresql://db:5432/parley",
                "parley.db.user", "app",
                "parley.db.password", "pw",
                "parley.master.key", MASTER,
                "parley.jwt.secret", JWT,
                "parley.media.dir", dir.resolve("files").toString(),
                "parley.demo", "true")));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.mediaDir()).isEqualTo(dir.resolve("files"));
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/parley");
        assertThat(config.dbUser()).isEqualTo("app");
        assertThat(config.dbPassword()).isEqualTo("pw");
        assertThat(config.embeddedDatabase()).isFalse();
        assertThat(config.masterKey()).isEqualTo(MASTER);
        assertThat(config.jwtSecret()).isEqualTo(JWT);
        assertThat(config.demo()).isTrue();
        assertThat(config.dbPoolSize()).isEqualTo(16);
    }

    @Test
    void generatesKeysOnceIntoTheDataDirectoryReadableOnlyByTheOwner(@TempDir Path dir) throws IOException {
        ParleyConfig first = ParleyConfig.from(config(Map.of("parley.data.dir", dir.toString())));
        ParleyConfig second = ParleyConfig.from(config(Map.of("parley.data.dir", dir.toString())));

        assertThat(first.embeddedDatabase()).isTrue();
        assertThat(first.port()).isEqualTo(ParleyConfig.DEFAULT_PORT);
        assertThat(first.mediaDir()).isEqualTo(dir.resolve("media"));
        assertThat(Base64.getDecoder().decode(first.masterKey())).hasSize(32);
        assertThat(Base64.getDecoder().decode(first.jwtSecret())).hasSize(32);
        assertThat(first.masterKey()).isNotEqualTo(first.jwtSecret());
        assertThat(second.masterKey()).isEqualTo(first.masterKey());
        assertThat(second.jwtSecret()).isEqualTo(first.jwtSecret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aBadValueStopsTheStartWithOneSentenceNamingItsVariable(@TempDir Path dir) {
        Map<String, String> cases = Map.of(
                "parley.jwt.secret", "PARLEY_JWT_SECRET must be a base64-encoded key of at least 32 bytes (it is not valid base64)",
                "parley.master.key", "PARLEY_MASTER_KEY must be a base64-encoded key of exactly 32 bytes (it is not valid base64)",
                "parley.port", "PARLEY_PORT is \"not-base64\" but must be a whole number from 0 to 65535.",
                "parley.db.pool.size", "PARLEY_DB_POOL_SIZE is \"not-base64\" but must be a whole number from 2 to 500.",
                "parley.log.format", "PARLEY_LOG_FORMAT is \"not-base64\" but must be one of text, json.",
                "parley.demo", "PARLEY_DEMO is \"not-base64\" but must be true or false.",
                "parley.db.url", "PARLEY_DB_URL is \"not-base64\" but must be a PostgreSQL JDBC URL",
                "parley.jobs.lease.seconds", "PARLEY_JOBS_LEASE_SECONDS is \"not-base64\" but must be a whole number",
                "parley.events.keepalive.seconds", "PARLEY_EVENTS_KEEPALIVE_SECONDS is \"not-base64\"",
                "parley.outbound.reconcile.seconds", "PARLEY_OUTBOUND_RECONCILE_SECONDS is \"not-base64\"");
        cases.forEach((key, message) -> assertThatThrownBy(() -> ParleyConfig.from(config(Map.of(
                "parley.data.dir", dir.toString(), key, "not-base64"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n"));
    }

    @Test
    void aKeyOfTheWrongSizeIsRefusedWithoutRepeatingIt(@TempDir Path dir) {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
        assertThatThrownBy(() -> ParleyConfig.from(config(Map.of("parley.data.dir", dir.toString(),
                "parley.jwt.secret", shortKey))))
                .hasMessageContaining("PARLEY_JWT_SECRET").hasMessageContaining("decodes to 16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ParleyConfig.from(config(Map.of("parley.data.dir", dir.toString(),
                "parley.port", "70000")))).hasMessageContaining("from 0 to 65535");
    }

    @Test
    void aDamagedKeyFileIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("master.key"), "garbage!\n");
        assertThatThrownBy(() -> ParleyConfig.from(config(Map.of("parley.data.dir", dir.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("master.key").toString());
    }

    @Test
    void misspeltVariablesAreFound() {
        assertThat(ParleyConfig.unknownVariables(Map.of("PARLEY_PROT", "1", "PARLEY_PORT", "1", "PARLEY_TEST_DB_URL", "x",
                "PARLEY_DESKTOP", "0", "HOME", "/root"))).containsExactly("PARLEY_PROT");
    }

    private static Config config(Map<String, String> values) {
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .sources(ConfigSources.create(values)).build();
    }
}
