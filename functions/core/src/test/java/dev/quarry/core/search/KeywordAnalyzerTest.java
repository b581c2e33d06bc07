package dev.quarry.core.search;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeywordAnalyzerTest {

    @Test
    void should_stem_drop_stop_words_and_possessives_with_english_analysis() {
        assertThat(KeywordAnalyzer.ENGLISH.terms("The kettle's Descaling steps, and the KETTLES"))
                .containsExactly("kettl", "descal", "step", "kettl");
    }

    @Test
    void should_only_lower_case_and_drop_stop_words_with_standard_analysis() {
        assertThat(KeywordAnalyzer.STANDARD.terms("The kettle's Descaling steps"))
                .containsExactly("kettle's", "descaling", "steps");
    }

    @Test
    void should_give_terms_that_survive_a_split_on_whitespace() {
        // given text with tabs, line breaks, punctuation and numbers
        String analysed = KeywordAnalyzer.ENGLISH.analyse("Model\tX-200:\nversion 3.5 (U.S.A.)  costs $40");

        // then joining with spaces and splitting on whitespace gives the same terms, as Weaviate splits them
        assertThat(List.of(analysed.split("\\s+")))
                .containsExactlyElementsOf(
                        KeywordAnalyzer.ENGLISH.terms("Model\tX-200:\nversion 3.5 (U.S.A.)  costs $40"));
        assertThat(KeywordAnalyzer.ENGLISH.analyse("the of and")).isEmpty();
    }

    @Test
    void should_put_the_heading_path_before_the_text_in_a_chunks_keyword_text() {
        DocumentRef document = new DocumentRef("acme", "manual.md", "v1");
        Chunk chunk = new Chunk(
                Chunk.idFor(document, 0),
                document,
                ContentType.MARKDOWN,
                1,
                1,
                0,
                List.of("Kettle manual", "Descaling"),
                "Use citric acid.");

        assertThat(KeywordAnalyzer.keywordText(chunk)).isEqualTo("Kettle manual\nDescaling\nUse citric acid.");
        assertThat(KeywordAnalyzer.ENGLISH.analyse(chunk)).isEqualTo("kettl manual descal us citric acid");
    }

    @Test
    void should_round_trip_an_index_signature_and_refuse_another() {
        IndexSignature signature = new IndexSignature("bge-small-en-v1.5-q/512", KeywordAnalyzer.ENGLISH);

        assertThat(IndexSignature.decode(signature.encode())).isEqualTo(signature);
        assertThatThrownBy(() -> signature.requireSame(
                        new IndexSignature("all-minilm-l6-v2/256", KeywordAnalyzer.STANDARD), "the index", "reindex"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("the index was built with embedder all-minilm-l6-v2/256 and keyword analyzer"
                        + " standard, but this configuration uses embedder bge-small-en-v1.5-q/512 and keyword"
                        + " analyzer english")
                .hasMessageContaining("(reindex)");
        assertThatThrownBy(() -> IndexSignature.decode("nothing")).isInstanceOf(IllegalArgumentException.class);
    }
}
