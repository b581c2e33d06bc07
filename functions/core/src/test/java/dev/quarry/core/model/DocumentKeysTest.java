package dev.quarry.core.model;

import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentKeysTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "b.txt",
                "acme/guide.pdf",
                "acme/a b+c%20#d.txt",
                "acme/caf\u00e9/\u65e5\u672c.pdf",
                "acme/..b.txt",
                "acme/.hidden",
                "acme/\ud83d\ude00.md"
            })
    void should_accept_a_plain_path_unchanged(String key) {
        assertThat(DocumentKeys.canonical(key)).isSameAs(key);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/b.txt",
                "b.txt/",
                "./b.txt",
                "x/../b.txt",
                "a//b.txt",
                "a/./b",
                "..",
                "a\u0000b",
                "a\nb",
                "a\u0085b",
                "a\ud800b",
                "a\udc00"
            })
    void should_refuse_every_alias_and_odd_key(String key) {
        assertThatThrownBy(() -> DocumentKeys.canonical(key))
                .isInstanceOf(QuarryException.Permanent.class)
                .satisfies(
                        e -> assertThat(((QuarryException) e).reason()).isEqualTo(QuarryException.Reason.INVALID_KEY));
    }

    @Test
    void should_refuse_keys_and_segments_over_their_byte_limits() {
        assertThat(DocumentKeys.isCanonical("a/" + "x".repeat(255))).isTrue();
        assertThat(DocumentKeys.isCanonical("a/" + "x".repeat(256))).isFalse();
        // 86 three-byte characters are 258 bytes: over the segment limit though only 86 characters.
        assertThat(DocumentKeys.isCanonical("a/" + "\u65e5".repeat(86))).isFalse();
        String longKey = ("y".repeat(200) + "/").repeat(5) + "z".repeat(30);
        assertThat(longKey.length()).isGreaterThan(DocumentKeys.MAX_BYTES);
        assertThat(DocumentKeys.isCanonical(longKey)).isFalse();
    }

    @Test
    void should_be_enforced_where_a_document_enters_the_core() {
        assertThatThrownBy(() -> new DocumentRef("acme", "x/../b.txt", "v1"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> new DocumentRef("acme ", "b.txt", "v1")).isInstanceOf(QuarryException.Permanent.class);
        assertThat(new DocumentRef("acme", "b.txt", "v1").key()).isEqualTo("b.txt");
    }
}
