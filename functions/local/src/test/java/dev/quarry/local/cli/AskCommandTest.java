package dev.quarry.local.cli;

import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AskCommandTest {

    @Test
    void should_say_nothing_is_indexed_only_when_a_whole_tenant_vector_search_comes_back_empty() {
        assertThat(AskCommand.nothingFound(request(SearchMode.HYBRID, SearchFilter.NONE, null)))
                .contains("nothing is indexed for tenant acme")
                .contains("./quarry ingest PATH");
        assertThat(AskCommand.nothingFound(request(SearchMode.VECTOR, SearchFilter.NONE, null)))
                .contains("nothing is indexed");
    }

    @Test
    void should_blame_the_words_of_a_keyword_search_not_the_index() {
        String message = AskCommand.nothingFound(request(SearchMode.BM25, SearchFilter.NONE, null));

        assertThat(message)
                .contains("no indexed passage holds a word of the question")
                .contains("--mode hybrid");
        assertThat(message).doesNotContain("Ingest documents first");
    }

    @Test
    void should_name_the_prefix_that_matched_no_document() {
        String message = AskCommand.nothingFound(request(SearchMode.HYBRID, SearchFilter.keyPrefix("manuals/"), null));

        assertThat(message).contains("\"manuals/\" (--prefix)").contains("./quarry status");
        assertThat(message).doesNotContain("Ingest documents first");
    }

    @Test
    void should_name_the_minimum_relevance_that_dropped_every_passage() {
        assertThat(AskCommand.nothingFound(request(SearchMode.BM25, SearchFilter.keyPrefix("a/"), 0.55)))
                .isEqualTo("Nothing relevant found: no passage reached the minimum relevance 0.55 (--min-relevance).");
    }

    private static QueryRequest request(SearchMode mode, SearchFilter filter, Double minRelevance) {
        return new QueryRequest(
                "acme",
                "How do I descale the kettle?",
                5,
                25,
                mode,
                0.8,
                FusionType.RELATIVE_SCORE,
                filter,
                false,
                false,
                minRelevance);
    }
}
