package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.ServerProcess;
import io.parley.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server is killed with SIGKILL in the middle of a contact import. After a restart the durable
 * job goes on from the last committed batch: every row is imported once — none lost, none counted
 * as a duplicate of itself, one "created" entry on each timeline.
 */
class ContactImportCrashTest {
    private static final int ROWS = 60_000;

    @Test
    void anImportKilledHalfwayResumesWithoutImportingARowTwice(@TempDir Path dir) throws Exception {
        try (TestDatabases.TestDatabase database = TestDatabases.create("ImportCrash")) {
            int port = ServerProcess.freePort();
            Path log = Path.of("target", getClass().getSimpleName() + "-server.log");
            Files.deleteIfExists(log);
            Map<String, String> fastRecovery = Map.of("PARLEY_JOBS_LEASE_SECONDS", "3");
            ServerProcess server = ServerProcess.start(database.url(), port, dir, log, List.of(), fastRecovery)
                    .awaitHealthy(Duration.ofSeconds(60));
            try {
                Api api = new Api(port);
                JsonNode owner = api.post("/api/v1/auth/register", obj("orgName", "Import crash", "name", "Owner",
                        "email", "import-crash@example.com", "password", "import crash password"), null).json();
                long orgId = owner.path("org").path("id").asLong();
                String token = owner.get("accessToken").asText();
                StringBuilder csv = new StringBuilder("phone;name;tags\n");
                for (int i = 0; i < ROWS; i++) {
                    csv.append("+49151").append(20_000_000 + i).append(";Crash Person ").append(i).append(";crash\n");
                }
                Api.Response started = api.multipart("/api/v1/contacts/import", "crash.csv",
                        csv.toString().getBytes(StandardCharsets.UTF_8), Map.of("options",
                                obj("mapping", obj("phone", "phone", "name", "name", "tags", "tags")).toString()), token);
                assertThat(started.status()).as(started.toString()).isEqualTo(202);
                String path = "/api/v1/contacts/imports/" + started.json().get("id").asLong();

                Eventually.await("some batches committed", Duration.ofSeconds(60),
                        () -> api.get(path, token).json().get("processed").asInt() > 0);
                server.kill();
                int atKill = database.db().inOrg(orgId, tx -> tx.get("SELECT created FROM contact_import").execute()
                        .orElseThrow().column("created").getInt());
                assertThat(atKill).as("the kill came mid-import").isBetween(1, ROWS - 1);

                server = ServerProcess.start(database.url(), port, dir, log, List.of(), fastRecovery)
                        .awaitHealthy(Duration.ofSeconds(60));
                JsonNode[] status = new JsonNode[1];
                String fresh = api.post("/api/v1/auth/login", obj("email", "import-crash@example.com",
                        "password", "import crash password"), null).json().get("accessToken").asText();
                Eventually.await("the import finished after the restart", Duration.ofSeconds(120), () -> {
                    status[0] = api.get(path, fresh).json();
                    return status[0].get("status").asText().equals("DONE");
                });
                assertThat(status[0].get("created").asInt()).isEqualTo(ROWS);
                assertThat(status[0].get("skipped").asInt()).as("no row met itself again").isZero();
                assertThat(status[0].get("failed").asInt()).isZero();

                Map<String, Long> stored = database.db().inOrg(orgId, tx -> {
                    var row = tx.get("SELECT (SELECT count(*) FROM contact WHERE source = 'IMPORT') AS contacts,"
                            + " (SELECT count(*) FROM activity WHERE type = 'contact.created') AS created,"
                            + " (SELECT count(*) FROM contact_tag) AS tagged").execute().orElseThrow();
                    return Map.of("contacts", row.column("contacts").getLong(), "created", row.column("created").getLong(),
                            "tagged", row.column("tagged").getLong());
                });
                assertThat(stored).containsEntry("contacts", (long) ROWS).containsEntry("created", (long) ROWS)
                        .containsEntry("tagged", (long) ROWS);
                assertThat(Files.exists(dir.resolve("imports").resolve(Long.toString(orgId))
                        .resolve(started.json().get("id").asLong() + ".upload"))).as("the file is removed when done").isFalse();
            } finally {
                server.close();
            }
        }
    }
}
