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
    void should_add_the_parts_of_identifiers_and_keep_them_whole_with_english_parts_analysis() {
        assertThat(KeywordAnalyzer.ENGLISH_PARTS.terms("Call svprfb_gather_u32offset from java.util.List"))
                .containsExactly(
                        "call",
                        "svprfb_gather_u32offset",
                        "svprfb",
                        "gather",
                        "u32offset",
                        "from",
                        "java.util.list",
                        "java",
                        "util",
                        "list");
        // abbreviations, decimals, apostrophes and case changes give no parts
        assertThat(KeywordAnalyzer.ENGLISH_PARTS.terms("the U.S. e.g. 3.14 O'Brien PowerPoint"))
                .isEqualTo(KeywordAnalyzer.ENGLISH.terms("the U.S. e.g. 3.14 O'Brien PowerPoint"));
        // questions are not split: the whole identifier is asked for as written
        assertThat(KeywordAnalyzer.ENGLISH_PARTS.queryTerms("svprfb_gather_u32offset gather"))
                .containsExactly("svprfb_gather_u32offset", "gather");
        assertThat(KeywordAnalyzer.ENGLISH_PARTS.analyseQuery("the gathering")).isEqualTo("gather");
    }

    @Test
    void should_analyse_plain_prose_exactly_as_english_does() {
        String prose = "The kettle's Descaling steps, and the KETTLES: fill it with water, boil, rinse twice.";

        assertThat(KeywordAnalyzer.ENGLISH_PARTS.terms(prose)).isEqualTo(KeywordAnalyzer.ENGLISH.terms(prose));
    }

    @Test
    void should_analyse_questions_as_indexed_text_with_english_and_standard() {
        String text = "Descaling the PowerPoint java.util.List";
        for (KeywordAnalyzer analyzer : new KeywordAnalyzer[] {KeywordAnalyzer.ENGLISH, KeywordAnalyzer.STANDARD}) {
            assertThat(analyzer.queryTerms(text)).isEqualTo(analyzer.terms(text));
        }
    }

    @Test
    void should_name_analyzers_as_configured_and_read_them_back() {
        assertThat(KeywordAnalyzer.ENGLISH_PARTS.id()).isEqualTo("english-parts");
        for (KeywordAnalyzer analyzer : KeywordAnalyzer.values()) {
            assertThat(KeywordAnalyzer.ofId(analyzer.id())).isSameAs(analyzer);
        }
        assertThatThrownBy(() -> KeywordAnalyzer.ofId("french"))
                .hasMessageContaining("known: english, english-parts, standard");
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
