package dev.quarry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenario files of a function's scenario suite: every {@code *.json} under {@code /scenarios} on the test
 * classpath (the ingest and the query function each keep theirs in {@code src/test/resources/scenarios}), one test
 * case each, named after the file without {@code .json}.
 */
public final class ScenarioFiles {

    private ScenarioFiles() {}

    /** The case names, sorted; refuses an empty folder, so a suite cannot pass by finding nothing to run. */
    public static Stream<String> names() {
        List<Path> files = files();
        if (files.isEmpty()) {
            throw new IllegalStateException("no scenario files under src/test/resources/scenarios");
        }
        return files.stream().map(ScenarioFiles::name);
    }

    /** The file of the case {@code name}. */
    public static Path file(String name) {
        return files().stream()
                .filter(file -> name(file).equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario file " + name + ".json"));
    }

    /** The case name of {@code file}: its name without {@code .json}. */
    public static String name(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    private static List<Path> files() {
        URL folder = ScenarioFiles.class.getResource("/scenarios");
        if (folder == null) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(Path.of(folder.toURI()))) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
