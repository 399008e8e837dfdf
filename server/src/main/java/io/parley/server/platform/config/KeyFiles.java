package io.parley.server.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random 256-bit keys kept as files (mode 600) in the data directory, so that a first run needs
 * no configuration and later runs keep decrypting what earlier runs encrypted.
 */
final class KeyFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    KeyFiles(Path dir) {
        this.dir = dir;
    }

    String getOrCreate(String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key file " + file, e);
        }
    }

    /** A key read from {@code file}, checked like a configured one. */
    static String check(String key, Path file, int minBytes, int maxBytes) {
        String problem = Settings.keyProblem(key, minBytes, maxBytes);
        if (problem != null) {
            throw new ConfigException("The key file " + file + " must hold " + Settings.expectedKey(minBytes, maxBytes)
                    + " (" + problem + "); restore it from a backup, or delete it to start over"
                    + " (a new master key cannot read secrets stored under the old one).");
        }
        return key;
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    }
}
