package io.parley.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shared WhatsApp Cloud API webhook fixtures: {@code ../shared/fixtures/whatsapp-cloud} beside the
 * repository when it is there, else the copy under {@code src/test/resources/fixtures} (a clean clone
 * has no {@code ../shared}); {@code FixturesCopyTest} fails when the copy falls behind.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path dir() {
        String configured = System.getProperty("parley.fixtures");
        if (configured != null) {
            return Path.of(configured);
        }
        return shared().orElseGet(Fixtures::copy);
    }

    /** The shared folder beside the repository, if this checkout has one. */
    public static Optional<Path> shared() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/whatsapp-cloud");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            Path sibling = p.resolveSibling("shared/fixtures/whatsapp-cloud");
            if (Files.isDirectory(sibling)) {
                return Optional.of(sibling);
            }
        }
        return Optional.empty();
    }

    /** The copy kept with the tests. */
    public static Path copy() {
        URL copy = Fixtures.class.getResource("/fixtures/whatsapp-cloud");
        if (copy == null || !"file".equals(copy.getProtocol())) {
            throw new IllegalStateException("No fixtures: neither shared/fixtures/whatsapp-cloud above "
                    + Path.of("").toAbsolutePath() + " nor the test resources' copy");
        }
        try {
            return Path.of(copy.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
