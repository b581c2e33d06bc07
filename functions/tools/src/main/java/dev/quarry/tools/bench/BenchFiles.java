package dev.quarry.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where benchmarks keep generated files. */
public final class BenchFiles {

    private BenchFiles() {}

    /**
     * The timing cross-encoder's directory, reused between runs (building it takes seconds): {@code
     * quarry.bench.timing-model-dir} or {@code <tmp>/quarry-timing-cross-encoder}.
     */
    public static Path timingModelDir() {
        String configured = System.getProperty("quarry.bench.timing-model-dir");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "quarry-timing-cross-encoder");
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
