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

class ParleyConfigTest {

    @Test
    void readsEveryKeyAndDefaultsTheRest(@TempDir Path dir) {
        ParleyConfig config = ParleyConfig.from(config(Map.of(
                "parley.port", "9090",
                "parley.data.dir", dir.toString(),
                "parley.db.url", "jdbc:postgresql://db:5432/parley",
                "parley.db.user", "app",
                "parley.db.password", "pw",
                "parley.master.key", "bWFzdGVy",
                "parley.jwt.secret", "and3dA==",
                "parley.media.dir", dir.resolve("files").toString(),
                "parley.demo", "true")));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.mediaDir()).isEqualTo(dir.resolve("files"));
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/parley");
        assertThat(config.dbUser()).isEqualTo("app");
        assertThat(config.dbPassword()).isEqualTo("pw");
        assertThat(config.embeddedDatabase()).isFalse();
        assertThat(config.masterKey()).isEqualTo("bWFzdGVy");
        assertThat(config.jwtSecret()).isEqualTo("and3dA==");
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

    private static Config config(Map<String, String> values) {
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .sources(ConfigSources.create(values)).build();
    }
}
