package dev.quarry.llm;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.SearchHit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerPromptTest {

    static SearchHit hit(String key, int first, int last, String text) {
        DocumentRef doc = new DocumentRef("acme", key, "v1");
        return new SearchHit(
                new Chunk(Chunk.idFor(doc, 0), doc, ContentType.PDF, first, last, 0, List.of(), text), 0.5);
    }

    @Test
    void should_number_the_passages_in_order_with_their_source_when_building_the_prompt() {
        // when
        String prompt = AnswerPrompt.user(
                " Why? ", List.of(hit("a.pdf", 1, 1, "Alpha text."), hit("b.pdf", 2, 3, "Beta text.")), 100);

        // then
        assertThat(prompt)
                .contains("[1] (a.pdf, page 1)\nAlpha text.")
                .contains("[2] (b.pdf, pages 2-3)\nBeta text.")
                .endsWith("Question: Why?");
        assertThat(AnswerPrompt.SYSTEM).contains("[1]").contains("does not contain the answer");
    }

    @Test
    void should_cut_long_passages_when_building_the_prompt() {
        String prompt = AnswerPrompt.user("q", List.of(hit("a.pdf", 1, 1, "x".repeat(50))), 10);
        assertThat(prompt).contains("xxxxxxxxxx …").doesNotContain("x".repeat(11));
    }

    @Test
    void should_read_single_grouped_and_repeated_citations_within_range() {
        assertThat(AnswerPrompt.citedNumbers("A [2]. B [1, 3][3]. C [7]. D [0]. E [2 ,4]", 4))
                .containsExactly(1, 2, 3, 4);
        assertThat(AnswerPrompt.citedNumbers("The context does not contain the answer.", 4))
                .isEmpty();
        assertThat(AnswerPrompt.citedNumbers(null, 4)).isEmpty();
        assertThat(AnswerPrompt.citedNumbers("see [a] and [1.5] and [99999]", 4))
                .isEmpty();
    }
}
