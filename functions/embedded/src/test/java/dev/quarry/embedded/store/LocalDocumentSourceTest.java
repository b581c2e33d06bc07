package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDocumentSourceTest {

    @TempDir
    Path root;

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_read_back_the_stored_version_when_put_then_read() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);

        // when
        DocumentRef ref = source.put("acme", "guides/a.txt", bytes("hello"));

        // then
        assertThat(ref.version()).isEqualTo(LocalDocumentSource.versionOf("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(source.read(ref, 100), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(root.resolve("acme/guides/a.txt")).exists();
    }

    @Test
    void should_refuse_a_stale_version_when_the_file_was_replaced() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        DocumentRef old = source.put("acme", "a.txt", bytes("old"));
        source.put("acme", "a.txt", bytes("new"));

        // when / then
        assertThatThrownBy(() -> source.read(old, 100))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.NOT_FOUND));
    }

    @Test
    void should_fail_too_large_before_reading_when_over_the_limit() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        DocumentRef ref = source.put("acme", "big.txt", bytes("0123456789"));

        // when / then
        assertThatThrownBy(() -> source.read(ref, 9))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.TOO_LARGE));
    }

    @Test
    void should_fail_not_found_when_the_document_is_missing() {
        LocalDocumentSource source = new LocalDocumentSource(root);
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "nope.txt", "v"), 100))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.NOT_FOUND));
    }

    @Test
    void should_reject_keys_and_tenants_that_escape_their_folder() {
        LocalDocumentSource source = new LocalDocumentSource(root);
        assertThatThrownBy(() -> source.put("acme", "../other/x.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.put("../acme", "x.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.put("acme", "/etc/passwd", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_report_the_stored_version_as_current_and_none_once_removed() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        DocumentRef stored =
                source.put("acme", "guides/a.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        // when / then
        assertThat(source.currentVersion("acme", "guides/a.txt")).contains(stored.version());
        source.remove("acme", "guides/a.txt");
        assertThat(source.currentVersion("acme", "guides/a.txt")).isEmpty();
    }
}
