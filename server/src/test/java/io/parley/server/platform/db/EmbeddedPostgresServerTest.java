package io.parley.server.platform.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The run path's cluster is durable and sized for its pool, whatever the embedding library's defaults are. */
class EmbeddedPostgresServerTest {

    @Test
    void theRunPathsClusterIsDurable(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir, 16);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null)) {
            assertThat(show(c, "fsync")).isEqualTo("on");
            assertThat(show(c, "synchronous_commit")).isEqualTo("on");
            assertThat(show(c, "full_page_writes")).isEqualTo("on");
            assertThat(show(c, "max_connections")).isEqualTo("26");
            assertThat(show(c, "logging_collector")).isEqualTo("on");
            assertThat(EmbeddedPostgresServer.runningPort(dir)).hasValue(postgres.port());
        }
        assertThat(EmbeddedPostgresServer.runningPort(dir)).isEmpty();
    }

    @Test
    void memoryIsSharedOutWithinBounds() {
        long gib = 1024L * 1024 * 1024;
        assertThat(EmbeddedPostgresServer.serverSettings(16, gib)).containsEntry("shared_buffers", "128MB");
        assertThat(EmbeddedPostgresServer.serverSettings(16, 8 * gib)).containsEntry("shared_buffers", "1024MB")
                .containsEntry("effective_cache_size", "4096MB");
        assertThat(EmbeddedPostgresServer.serverSettings(16, 64 * gib)).containsEntry("shared_buffers", "2048MB");
        assertThat(EmbeddedPostgresServer.serverSettings(40, gib)).containsEntry("max_connections", "50");
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
