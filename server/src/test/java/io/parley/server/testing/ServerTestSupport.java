package io.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.ParleyServer;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the API tests: one real PostgreSQL database and one real server (HTTP on a free port) per
 * test class, a clock the test controls, and helpers that create organisations and members through
 * the public API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestSupport {
    private static final AtomicInteger SEQ = new AtomicInteger();

    protected TestDatabases.TestDatabase testDb;
    protected Database db;
    protected ParleyServer server;
    protected Api api;
    protected MutableClock clock;
    protected ParleyConfig config;

    @BeforeAll
    void startServer() {
        testDb = TestDatabases.create(getClass().getSimpleName());
        db = testDb.db();
        clock = MutableClock.atNow();
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "parley-test-" + UUID.randomUUID());
        config = new ParleyConfig("127.0.0.1", 0, testDb.url(), TestDatabases.user(), TestDatabases.password(), 8,
                dataDir, dataDir.resolve("media"), randomKey(), randomKey(), "text", Duration.ofSeconds(1), false,
                ParleyConfig.DEFAULT_JOB_LEASE, ParleyConfig.DEFAULT_SEND_RECONCILE);
        server = ParleyServer.start(config, db, clock);
        api = new Api(server.port());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (testDb != null) {
            testDb.close();
        }
        if (config != null) {
            deleteTree(config.dataDir());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A signed-in member of an organisation, as the API returned it. */
    public record Member(long orgId, long userId, String email, String password, String accessToken,
                         String refreshToken) {
    }

    protected static String uniqueEmail(String who) {
        return who + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    }

    /** Registers a new organisation and returns its OWNER. */
    protected Member registerOrg(String orgName) {
        String email = uniqueEmail("owner");
        String password = "correct horse battery";
        Api.Response res = api.post("/api/v1/auth/register",
                obj("orgName", orgName, "name", "Owner of " + orgName, "email", email, "password", password), null);
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return member(res.json(), email, password);
    }

    /** Adds a Cloud API channel for {@code phoneNumberId} whose webhooks are signed with {@code appSecret}; returns its id. */
    protected long cloudChannel(Member owner, String name, String phoneNumberId, String appSecret) {
        Api.Response res = api.post("/api/v1/channels", obj("name", name, "provider", "cloud", "phoneNumberId", phoneNumberId,
                "wabaId", "880480571844883", "accessToken", "t", "appSecret", appSecret, "verifyToken", "v"),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    /** Invites someone with {@code role} into the inviter's org and accepts; returns the new member. */
    protected Member addMember(Member inviter, String role) {
        String email = uniqueEmail(role.toLowerCase());
        Api.Response invitation = api.post("/api/v1/invitations", obj("email", email, "role", role), inviter.accessToken());
        assertThat(invitation.status()).as(invitation.toString()).isEqualTo(201);
        String password = "another long password";
        Api.Response accepted = api.post("/api/v1/invitations/accept",
                obj("token", invitation.json().get("token").asText(), "name", "A " + role, "password", password), null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        return member(accepted.json(), email, password);
    }

    protected Member login(String email, String password) {
        Api.Response res = api.post("/api/v1/auth/login", obj("email", email, "password", password), null);
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        return member(res.json(), email, password);
    }

    /** The newest mail of {@code kind} queued for {@code to} in the org's outbox. */
    protected String lastMailBody(long orgId, String kind, String to) {
        return db.inOrg(orgId, tx -> tx.get("SELECT body FROM mail_outbox WHERE kind = :kind AND to_email = :to"
                        + " ORDER BY id DESC LIMIT 1")
                .addParam("kind", kind)
                .addParam("to", to)
                .execute().orElseThrow(() -> new AssertionError("No " + kind + " mail to " + to))
                .column("body").getString());
    }

    protected static void assertProblem(Api.Response res, int status) {
        assertThat(res.status()).as(res.toString()).isEqualTo(status);
        assertThat(res.contentType()).startsWith("application/problem+json");
        JsonNode body = res.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.hasNonNull("type")).isTrue();
        assertThat(body.hasNonNull("title")).isTrue();
        assertThat(res.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static Member member(JsonNode session, String email, String password) {
        return new Member(session.get("org").get("id").asLong(), session.get("user").get("id").asLong(), email,
                password, session.get("accessToken").asText(), session.get("refreshToken").asText());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
