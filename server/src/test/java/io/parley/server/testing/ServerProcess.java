package io.parley.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server in a process of its own ({@code io.parley.server.Main} on this test classpath),
 * for what cannot be shown in-process: being killed with SIGKILL, and benchmarks that must not share
 * a JVM with their load. Its output goes to a log file named in every failure.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server on {@code port} over the database at {@code dbUrl} (already migrated or not:
     * the server migrates), with {@code dataDir} for its keys; {@code env} adds or overrides settings.
     * A null {@code dbUrl} takes the run path: the server starts its embedded PostgreSQL in {@code dataDir}.
     */
    public static ServerProcess start(String dbUrl, int port, Path dataDir, Path log, List<String> jvmOptions,
                                      Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add("io.parley.server.Main");
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> settings = new HashMap<>(Map.of(
                "PARLEY_HOST", "127.0.0.1",
                "PARLEY_PORT", Integer.toString(port),
                "PARLEY_DATA_DIR", dataDir.toString()));
        if (dbUrl != null) {
            settings.putAll(Map.of("PARLEY_DB_URL", dbUrl,
                    "PARLEY_DB_USER", TestDatabases.user(),
                    "PARLEY_DB_PASSWORD", TestDatabases.password()));
        }
        settings.putAll(env);
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_") && !name.startsWith("PARLEY_TEST_"));
        builder.environment().putAll(settings);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(builder.start(), port, log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /health} answers 200. */
    public ServerProcess awaitHealthy(Duration timeout) throws InterruptedException {
        Api api = new Api(port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited during start (code " + process.exitValue() + "); see " + log);
            }
            try {
                if (api.get("/health", null).status() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The server was not healthy within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no draining, no commit of anything in flight. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The server did not die on SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
