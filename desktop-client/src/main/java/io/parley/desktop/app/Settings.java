package io.parley.desktop.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * What the app remembers between runs, in the user's config directory
 * ({@code $XDG_CONFIG_HOME/parley} or {@code ~/.config/parley}): preferences in
 * {@code settings.properties}, and the refresh token in {@code session} readable by the user only.
 */
public final class Settings {
    public static final String DEFAULT_SERVER = "http://localhost:8080";

    private final Path dir;
    private static final Logger LOG = Logger.getLogger(Settings.class.getName());

    private final Properties values = new Properties();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "settings-writer");
        t.setDaemon(true);
        return t;
    });

    public Settings(Path dir) {
        this.dir = dir;
        Path file = dir.resolve("settings.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
    }

    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("parley");
    }

    public String serverUrl() {
        return values.getProperty("serverUrl", DEFAULT_SERVER);
    }

    public String email() {
        return values.getProperty("email", "");
    }

    public String theme() {
        return values.getProperty("theme", "light");
    }

    public int fontSize() {
        try {
            return Integer.parseInt(values.getProperty("fontSize", "14").strip());
        } catch (NumberFormatException handEdited) {
            return 14;
        }
    }

    public boolean notifications() {
        return Boolean.parseBoolean(values.getProperty("notifications", "true"));
    }

    /** Remembers a value now; the file is written on a background thread, in the order of the calls. */
    public void set(String key, String value) {
        Properties snapshot;
        synchronized (values) {
            values.setProperty(key, value);
            snapshot = (Properties) values.clone();
        }
        writer.execute(() -> save(snapshot));
    }

    /** Waits for the writes asked for so far (on exit, so that nothing is lost). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("Settings were not all written: " + e);
        }
    }

    private void save(Properties snapshot) {
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(dir.resolve("settings.properties"))) {
                snapshot.store(out, "Parley desktop settings");
            }
        } catch (IOException e) {
            // A preference that did not stick is not worth interrupting the agent for.
            LOG.warning("Cannot write settings in " + dir + ": " + e);
        }
    }

    /** The stored refresh token, if a session was kept. */
    public String refreshToken() {
        Path file = dir.resolve("session");
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps (or with null, forgets) the refresh token, in a file only this user can read. */
    public void storeRefreshToken(String token) {
        Path file = dir.resolve("session");
        try {
            if (token == null) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(dir);
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            Files.setPosixFilePermissions(file, ownerOnly);
            Files.writeString(file, token, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the session in " + dir, e);
        }
    }
}
