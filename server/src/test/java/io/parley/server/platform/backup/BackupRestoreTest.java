package io.parley.server.platform.backup;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.parley.server.ParleyServer;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.EmbeddedPostgresServer;
import io.parley.server.testing.Api;
import io.parley.server.testing.MetaDelivery;
import io.parley.server.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An office box's data moves to a new machine through {@code parley backup} and {@code parley restore}:
 * every organisation's rows, the keys that decrypt their secrets and sign their sessions, and ids that
 * go on where they left off.
 */
class BackupRestoreTest {
    private static final String PASSWORD = "backup test password";
    private static final String APP_SECRET = "backup app secret";

    @Test
    void aBackupTakenWhileRunningRestoresEverythingOnAnotherMachine(@TempDir Path office, @TempDir Path newMachine,
                                                                    @TempDir Path backups) throws Exception {
        ParleyConfig officeConfig = config(office);
        Path file = backups.resolve("parley-backup.zip");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        BackupCommand officeCommand = new BackupCommand(officeConfig, MutableClock.atNow(), new PrintStream(said, true, StandardCharsets.UTF_8));
        String token;
        String phoneNumberId = "5550" + System.nanoTime() % 1_000_000L;
        try (Running running = Running.start(officeConfig)) {
            Api api = running.api();
            token = api.post("/api/v1/auth/register", obj("orgName", "Kept shop", "name", "Keeper", "email", "keeper@example.com",
                    "password", PASSWORD), null).json().get("accessToken").asText();
            api.post("/api/v1/auth/register", obj("orgName", "Other shop", "name", "Other", "email", "other@example.com",
                    "password", PASSWORD), null);
            long sandbox = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), token).json().get("id").asLong();
            assertThat(api.post("/api/v1/channels", obj("name", "Cloud", "provider", "cloud", "phoneNumberId", phoneNumberId,
                    "wabaId", "1", "accessToken", "EAAB", "appSecret", APP_SECRET, "verifyToken", "v"), token).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "+4915112340001", "name", "Lena",
                    "text", "written before the backup"), token).status()).isEqualTo(201);

            officeCommand.backup(file);

            assertThatThrownBy(() -> officeCommand.restore(file)).isInstanceOf(BackupException.class)
                    .hasMessageContaining("stop Parley first");
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("Backed up").contains("and the keys to " + file);
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);

        new BackupCommand(config(newMachine), MutableClock.atNow(), new PrintStream(said, true, StandardCharsets.UTF_8)).restore(file);
        ParleyConfig restored = config(newMachine);
        assertThat(restored.masterKey()).isEqualTo(officeConfig.masterKey());
        assertThat(restored.jwtSecret()).isEqualTo(officeConfig.jwtSecret());

        try (Running running = Running.start(restored)) {
            Api api = running.api();
            assertThat(api.get("/api/v1/auth/me", token).status()).as("a session from before the backup").isEqualTo(200);
            assertThat(api.post("/api/v1/auth/login", obj("email", "other@example.com", "password", PASSWORD), null).status())
                    .isEqualTo(200);
            Api.Response conversations = api.get("/api/v1/conversations?q=written", token);
            assertThat(conversations.body()).contains("Lena");
            long sandbox = api.get("/api/v1/channels", token).json().findValues("id").getFirst().asLong();
            assertThat(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "+4915112340002", "text", "after the restore"),
                    token).status()).as("new rows take ids after the restored ones").isEqualTo(201);
            new MetaDelivery(running.server().port(), APP_SECRET, Duration.ofSeconds(10))
                    .deliver(MetaDelivery.textMessage(phoneNumberId, "4915112340003", "wamid.restored.1", "signed with the restored secret"));
        }
    }

    @Test
    void whatCannotBeRestoredIsSaidPlainlyAndChangesNothing(@TempDir Path dir) throws Exception {
        BackupCommand command = new BackupCommand(config(dir), MutableClock.atNow(), new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> command.restore(dir.resolve("missing.zip"))).isInstanceOf(BackupException.class)
                .hasMessageContaining("There is no backup file");
        Path notABackup = dir.resolve("notes.zip");
        Files.writeString(notABackup, "not a zip at all");
        assertThatThrownBy(() -> command.restore(notABackup)).isInstanceOf(BackupException.class)
                .hasMessageContaining("is not a Parley backup");
        assertThatThrownBy(() -> command.backup(dir.resolve("out.zip"))).isInstanceOf(BackupException.class)
                .hasMessageContaining("There is no Parley database");

        ParleyConfig external = config(dir).withDatabase("jdbc:postgresql://db:5432/parley", "parley", "x");
        assertThatThrownBy(() -> new BackupCommand(external, MutableClock.atNow(), System.out).backup(dir.resolve("x.zip")))
                .isInstanceOf(BackupException.class).hasMessageContaining("pg_dump");
    }

    @Test
    void schemaVersionsCompareAsNumbers() {
        assertThat(BackupCommand.compareVersions("10", "9")).isPositive();
        assertThat(BackupCommand.compareVersions("6.1", "6")).isPositive();
        assertThat(BackupCommand.compareVersions("6", "6.0")).isZero();
    }

    private static ParleyConfig config(Path dataDir) {
        return ParleyConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .sources(ConfigSources.create(Map.of("parley.data.dir", dataDir.toString(), "parley.host", "127.0.0.1",
                        "parley.port", "0", "parley.db.pool.size", "4")))
                .build());
    }

    /** Parley as {@code Main} runs it on the embedded database, in this JVM. */
    private record Running(EmbeddedPostgresServer postgres, Database db, ParleyServer server) implements AutoCloseable {
        static Running start(ParleyConfig config) {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDir(), config.dbPoolSize());
            Database db = Database.connect(postgres.jdbcUrl(), postgres.user(), null, config.dbPoolSize());
            db.migrate();
            ParleyServer server = ParleyServer.start(config.withDatabase(postgres.jdbcUrl(), postgres.user(), null), db,
                    MutableClock.atNow());
            return new Running(postgres, db, server);
        }

        Api api() {
            return new Api(server.port());
        }

        @Override
        public void close() {
            server.close();
            db.close();
            postgres.close();
        }
    }
}
