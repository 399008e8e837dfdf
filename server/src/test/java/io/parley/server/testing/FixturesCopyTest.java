package io.parley.server.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the shared fixtures are at hand, the copy kept with the tests must be the same, file for file. */
class FixturesCopyTest {

    @Test
    void theTestResourcesHoldTheSharedFixturesUnchanged() throws IOException {
        assumeTrue(Fixtures.shared().isPresent(), "no ../shared beside this checkout: the copy is all there is");
        Path shared = Fixtures.shared().orElseThrow();
        Path copy = Fixtures.copy();
        assertThat(names(copy)).isEqualTo(names(shared));
        for (String name : names(shared)) {
            assertThat(Files.readAllBytes(copy.resolve(name))).as(name).isEqualTo(Files.readAllBytes(shared.resolve(name)));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
