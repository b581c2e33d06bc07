package dev.quarry.testing;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link DocumentSource} adapter must show (a local folder in the embedded default, S3 in
 * production): a stored version reads back byte for byte and is the key's current version; a replaced, removed
 * or never stored version fails {@code NOT_FOUND} (new bytes are never served under an old version); a document
 * over the limit fails {@code TOO_LARGE}; same-named documents of two tenants stay apart. Subclasses store and
 * remove documents the way users do (an upload to the folder, a PUT to the bucket). Tenants are unique per test,
 * so subclasses may share one server.
 */
public abstract class DocumentSourceContractTest {

    private DocumentSource source;
    private String tenant;
    private String otherTenant;

    /** The adapter under test; one that is {@link AutoCloseable} is closed after the test. */
    protected abstract DocumentSource createSource();

    /**
     * Stores {@code content} as the document {@code name} of {@code tenant} the way users upload, and returns the
     * stored version in the form the adapter's events name it (the key {@link #keyOf} gives).
     */
    protected abstract DocumentRef upload(String tenant, String name, byte[] content);

    /** Removes the document the way users delete it. */
    protected abstract void remove(DocumentRef document);

    /** The adapter's key of the document {@code name} of {@code tenant}; by default the name itself. */
    protected String keyOf(String tenant, String name) {
        return name;
    }

    @BeforeEach
    void createSourceForThisTest() {
        String namespace = Namespaces.fresh();
        tenant = namespace + "a";
        otherTenant = namespace + "b";
        source = createSource();
    }

    @AfterEach
    void closeSource() throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void should_read_back_every_byte_of_a_stored_version() {
        // given
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        DocumentRef stored = upload(tenant, "guides/setup.pdf", content);

        // when
        byte[] read = source.read(stored, content.length);

        // then
        assertThat(stored.tenant()).isEqualTo(tenant);
        assertThat(stored.key()).isEqualTo(keyOf(tenant, "guides/setup.pdf"));
        assertThat(read).isEqualTo(content);
    }

    @Test
    void should_read_a_key_with_spaces_and_non_ascii_letters() {
        // given
        DocumentRef stored = upload(tenant, "reports/Q1 résumé (final).txt", text("bonjour"));

        // when / then
        assertThat(source.read(stored, 100)).isEqualTo(text("bonjour"));
        assertThat(source.currentVersion(tenant, stored.key())).contains(stored.version());
    }

    @Test
    void should_report_the_stored_version_as_the_current_one() {
        // given
        DocumentRef stored = upload(tenant, "a.txt", text("hello"));

        // when / then
        assertThat(source.currentVersion(tenant, stored.key())).contains(stored.version());
    }

    @Test
    void should_report_no_current_version_when_the_key_was_never_stored() {
        // when / then
        assertThat(source.currentVersion(tenant, keyOf(tenant, "never.txt"))).isEmpty();
    }

    @Test
    void should_make_the_new_version_current_when_a_document_is_replaced() {
        // given
        DocumentRef old = upload(tenant, "a.txt", text("old"));

        // when
        DocumentRef replaced = upload(tenant, "a.txt", text("new"));

        // then
        assertThat(replaced.version()).isNotEqualTo(old.version());
        assertThat(source.currentVersion(tenant, old.key())).contains(replaced.version());
        assertThat(source.read(replaced, 100)).isEqualTo(text("new"));
    }

    @Test
    void should_fail_not_found_rather_than_serve_new_bytes_when_reading_a_replaced_version() {
        // given
        DocumentRef old = upload(tenant, "a.txt", text("old"));
        upload(tenant, "a.txt", text("new"));

        // when / then
        assertFails(() -> source.read(old, 100), Reason.NOT_FOUND);
    }

    @Test
    void should_fail_not_found_and_report_no_current_version_when_the_document_was_removed() {
        // given
        DocumentRef stored = upload(tenant, "gone.txt", text("bye"));

        // when
        remove(stored);

        // then
        assertFails(() -> source.read(stored, 100), Reason.NOT_FOUND);
        assertThat(source.currentVersion(tenant, stored.key())).isEmpty();
    }

    @Test
    void should_fail_not_found_when_the_key_was_never_stored() {
        // given: a real version, of another key
        DocumentRef other = upload(tenant, "exists.txt", text("here"));

        // when / then
        assertFails(
                () -> source.read(new DocumentRef(tenant, keyOf(tenant, "never.txt"), other.version()), 100),
                Reason.NOT_FOUND);
    }

    @Test
    void should_fail_too_large_when_the_document_exceeds_the_limit() {
        // given
        DocumentRef stored = upload(tenant, "big.txt", text("0123456789"));

        // when / then
        assertFails(() -> source.read(stored, 9), Reason.TOO_LARGE);
        assertThat(source.read(stored, 10)).as("exactly at the limit").hasSize(10);
    }

    @Test
    void should_keep_same_named_documents_of_two_tenants_apart() {
        // given
        DocumentRef mine = upload(tenant, "notes.txt", text("mine"));
        DocumentRef theirs = upload(otherTenant, "notes.txt", text("theirs"));

        // when / then
        assertThat(source.read(mine, 100)).isEqualTo(text("mine"));
        assertThat(source.read(theirs, 100)).isEqualTo(text("theirs"));
        remove(theirs);
        assertThat(source.currentVersion(tenant, mine.key())).contains(mine.version());
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertFails(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
