package dev.quarry.local;

import dev.quarry.local.LocalIngestor.Upload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One file is one document: its key comes from where it is, not from how the command line named it. */
class LocalIngestorKeysTest {

    @TempDir
    Path root;

    @Test
    void should_give_a_file_the_same_key_when_named_by_its_path_or_through_its_folder() throws IOException {
        // given
        Path file = Files.writeString(
                Files.createDirectories(root.resolve("docs/manuals")).resolve("kettle.pdf"), "x");

        // when
        List<String> byPath = keys(LocalIngestor.uploadsFor(List.of(file), root, ""));
        List<String> byFolder = keys(LocalIngestor.uploadsFor(List.of(root.resolve("docs")), root, ""));
        List<String> byDottedPath =
                keys(LocalIngestor.uploadsFor(List.of(root.resolve("docs/./manuals/../manuals/kettle.pdf")), root, ""));

        // then
        assertThat(byPath).containsExactly("docs/manuals/kettle.pdf");
        assertThat(byFolder).containsExactly("docs/manuals/kettle.pdf");
        assertThat(byDottedPath).containsExactly("docs/manuals/kettle.pdf");
    }

    @Test
    void should_key_a_file_by_its_absolute_path_when_it_is_outside_the_root(@TempDir Path elsewhere)
            throws IOException {
        // given
        Path file = Files.writeString(elsewhere.resolve("notes.txt"), "x");

        // when
        List<String> keys = keys(LocalIngestor.uploadsFor(List.of(file), root, ""));

        // then
        assertThat(keys).containsExactly(file.toRealPath().toString().substring(1));
    }

    @Test
    void should_put_the_prefix_in_front_and_skip_hidden_files_when_ingesting_a_folder() throws IOException {
        // given
        Path folder = Files.createDirectories(root.resolve("papers"));
        Files.writeString(folder.resolve("a.txt"), "x");
        Files.writeString(folder.resolve(".hidden.txt"), "x");

        // when
        List<String> keys = keys(LocalIngestor.uploadsFor(List.of(folder), root, "team"));

        // then
        assertThat(keys).containsExactly("team/papers/a.txt");
    }

    private static List<String> keys(List<Upload> uploads) {
        return uploads.stream().map(Upload::key).toList();
    }
}
