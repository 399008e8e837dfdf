package io.parley.server.event;

import io.parley.server.ParleyServer;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.MutableClock;
import io.parley.server.testing.SseClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL restarts under an open event stream (a real restart of a real server, on its own
 * embedded cluster so no other test is disturbed): the stream stays up, the listener reconnects,
 * and what is committed after the restart arrives without the client doing anything. While the
 * database is down, requests get 503 with Retry-After (so Meta retries its webhooks).
 */
class DatabaseRestartTest {

    @Test
    void anOpenStreamSurvivesADatabaseRestartAndMissesNothing(@TempDir Path dir) throws Exception {
        int port = freePort();
        EmbeddedPostgres postgres = start(dir, port);
        try {
            createAppRole(postgres);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/parley";
            String key = Base64.getEncoder().encodeToString(new byte[32]);
            ParleyConfig config = new ParleyConfig("127.0.0.1", 0, url, "parley", "parley", 4, dir, dir.resolve("media"),
                    key, key, "text", Duration.ofSeconds(1), false);
            try (Database db = Database.connect(url, "parley", "parley", 4)) {
                db.migrate();
                try (ParleyServer server = ParleyServer.start(config, db, MutableClock.atNow())) {
                    Api api = new Api(server.port());
                    String token = api.post("/api/v1/auth/register", obj("orgName", "Restart", "name", "R",
                            "email", "restart@example.com", "password", "0123456789"), null).json().get("accessToken").asText();
                    long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), token)
                            .json().get("id").asLong();
                    try (SseClient stream = SseClient.connect(server.port(), token, null)) {
                        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112342001", "text", "before"), token);
                        stream.until(e -> e.data().contains("before"), Duration.ofSeconds(10));

                        postgres.close();
                        Api.Response down = api.post("/api/v1/sandbox/" + channel + "/inbound",
                                obj("from", "+4915112342001", "text", "while down"), token);
                        assertThat(down.status()).as(down.toString()).isEqualTo(503);
                        assertThat(down.header("Retry-After")).isEqualTo("5");
                        assertThat(down.json().get("detail").asText()).contains("cannot reach its database");
                        postgres = start(dir, port);

                        Eventually.await("the API answers again", Duration.ofSeconds(30), () ->
                                api.post("/api/v1/sandbox/" + channel + "/inbound",
                                        obj("from", "+4915112342001", "text", "after the restart"), token).status() == 201);
                        stream.until(e -> e.data().contains("after the restart"), Duration.ofSeconds(20));
                    }
                }
            }
        } finally {
            postgres.close();
        }
        assertThat(dir.resolve("pg").toFile().exists()).isTrue();
    }

    private static EmbeddedPostgres start(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("pg-runtime").toFile()).setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    private static void createAppRole(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE parley LOGIN PASSWORD 'parley' NOSUPERUSER NOBYPASSRLS");
            s.execute("CREATE DATABASE parley OWNER parley");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
