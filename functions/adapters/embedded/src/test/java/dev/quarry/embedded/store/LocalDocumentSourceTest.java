package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.testing.DocumentSourceContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The document-source contract on a local folder ({@link DocumentSourceContractTest}), and what only the folder
 * does: versions are content hashes, keys and tenants never escape their folder, uploads are atomic.
 */
class LocalDocumentSourceTest extends DocumentSourceContractTest {

    @TempDir
    Path root;

    @Override
    protected DocumentSource createSource() {
        return new LocalDocumentSource(root);
    }

    @Override
    protected DocumentRef upload(String tenant, String name, byte[] content) {
        return new LocalDocumentSource(root).put(tenant, name, new ByteArrayInputStream(content));
    }

    @Override
    protected void remove(DocumentRef document) {
        assertThat(new LocalDocumentSource(root).remove(document.tenant(), document.key()))
                .isTrue();
    }

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
    void should_reject_keys_and_tenants_that_escape_their_folder() {
        LocalDocumentSource source = new LocalDocumentSource(root);
        assertThatThrownBy(() -> source.put("acme", "../other/x.txt", bytes("x")))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_KEY));
        assertThatThrownBy(() -> source.put("../acme", "x.txt", bytes("x")))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT));
        assertThatThrownBy(() -> source.put("acme", "/etc/passwd", bytes("x")))
                .isInstanceOf(QuarryException.Permanent.class);
    }

    @Test
    void should_refuse_every_alias_of_a_key_so_that_removing_one_never_removes_another() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        DocumentRef stored = source.put("acme", "b.txt", bytes("keep me"));

        // when / then: each alias is refused, on upload and on removal
        for (String alias : List.of("x/../b.txt", "./b.txt", "b.txt/", "x//b.txt", "/b.txt")) {
            assertThatThrownBy(() -> source.put("acme", alias, bytes("x")))
                    .as(alias)
                    .isInstanceOfSatisfying(
                            QuarryException.Permanent.class,
                            e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_KEY));
            assertThatThrownBy(() -> source.remove("acme", alias)).as(alias).isInstanceOf(QuarryException.class);
        }
        assertThat(new String(source.read(stored, 100), StandardCharsets.UTF_8)).isEqualTo("keep me");
    }

    @Test
    void should_refuse_a_key_that_clashes_with_a_stored_document_or_folder() {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        source.put("acme", "a", bytes("a file"));
        source.put("acme", "d/inner.txt", bytes("inside d"));

        // when / then
        assertThatThrownBy(() -> source.put("acme", "a/b.txt", bytes("x")))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_KEY));
        assertThatThrownBy(() -> source.put("acme", "d", bytes("x")))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_KEY));
        assertThat(source.remove("acme", "d")).as("a folder is not a document").isFalse();
        assertThat(root.resolve("acme/d/inner.txt")).exists();
        assertThat(root.resolve(".tmp")).isEmptyDirectory();
    }

    @Test
    void should_remove_the_temporary_file_when_the_upload_breaks_off() {
        // given a body that fails after some bytes, as a client that goes away
        LocalDocumentSource source = new LocalDocumentSource(root);
        InputStream breaking = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("Connection was closed");
                }
                return 'x';
            }
        };

        // when / then
        assertThatThrownBy(() -> source.put("acme", "big.bin", breaking))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.getMessage()).contains("ended after").contains("Connection was closed"));
        assertThat(root.resolve(".tmp")).isEmptyDirectory();
        assertThat(root.resolve("acme/big.bin")).doesNotExist();
    }

    @Test
    void should_sweep_uploads_a_killed_process_left_behind() throws IOException {
        // given
        LocalDocumentSource source = new LocalDocumentSource(root);
        Files.createDirectories(root.resolve(".tmp"));
        Files.writeString(root.resolve(".tmp/upload-123.tmp"), "half an upload");

        // when
        int removed = source.sweepTemporaryFiles();

        // then
        assertThat(removed).isEqualTo(1);
        assertThat(root.resolve(".tmp")).isEmptyDirectory();
    }
}
