package io.parley.desktop.bench;

import io.parley.model.identity.DemoAccount;
import io.parley.server.ParleyServer;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.testing.Api;
import io.parley.server.testing.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.parley.server.testing.Api.obj;

/**
 * Cold start and memory of the desktop app on a big inbox. Seeds a server (on the test PostgreSQL)
 * with N conversations (default 10,000), then starts the app in a fresh JVM, which signs in, scrolls
 * the list to its end and prints its figures ({@link InboxStartupProbe}). Figures, not assertions:
 * {@code mvn -pl desktop-client -am -Pbench -DskipTests verify} (needs a display; xvfb-run works).
 */
public final class InboxStartupBenchmark {
    private static final Logger QUIET = Logger.getLogger("io.parley.access");

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        // Ten thousand access-log lines would bury the figures.
        QUIET.setLevel(Level.WARNING);
        Path dataDir = Files.createTempDirectory("parley-bench");
        try (TestDatabases.TestDatabase db = TestDatabases.create("InboxStartupBenchmark")) {
            ParleyConfig config = new ParleyConfig("127.0.0.1", 0, db.url(), TestDatabases.user(), TestDatabases.password(),
                    16, dataDir, dataDir.resolve("media"), randomKey(), randomKey(), "text", Duration.ofSeconds(15), false,
                    ParleyConfig.DEFAULT_JOB_LEASE, ParleyConfig.DEFAULT_SEND_RECONCILE);
            ParleyServer server = ParleyServer.start(config, db.db(), Clock.systemUTC());
            try {
                long seeded = seed(new Api(server.port()), conversations);
                System.out.printf("seeded %,d conversations in %,d ms%n", conversations, seeded);
                Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        InboxStartupProbe.class.getName(), "http://127.0.0.1:" + server.port(), Integer.toString(conversations))
                        .inheritIO().start();
                int exit = app.waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("The app under measurement exited with " + exit);
                }
            } finally {
                server.close();
            }
        }
    }

    /** The demo owner's organisation with a sandbox number and {@code count} customers who each wrote once. */
    private static long seed(Api api, int count) throws Exception {
        long started = System.nanoTime();
        Api.Response registered = api.post("/api/v1/auth/register", obj("orgName", "Benchmark Shop", "name", "Demo Owner",
                "email", DemoAccount.EMAIL, "password", DemoAccount.PASSWORD), null);
        if (registered.status() != 201) {
            throw new IllegalStateException("Cannot register the benchmark org: " + registered);
        }
        String token = registered.json().get("accessToken").asText();
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), token)
                .json().get("id").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                writes.add(pool.submit(() -> api.post("/api/v1/sandbox/" + channel + "/inbound",
                        obj("from", "+49151" + (30000000 + n), "name", "Customer " + n,
                                "text", "Hello, this is message number " + n + " about my order"), token).status()));
            }
            for (Future<Integer> write : writes) {
                if (write.get() != 201) {
                    throw new IllegalStateException("A seeding message was refused: " + write.get());
                }
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
