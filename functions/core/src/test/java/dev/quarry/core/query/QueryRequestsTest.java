package dev.quarry.core.query;

import dev.quarry.core.model.ContentType;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryRequestsTest {

    private static final QueryConfig DEFAULTS = new SmallRyeConfigBuilder()
            .withMapping(QueryConfig.class)
            .withDefaultValue("quarry.query.candidates", "30")
            .build()
            .getConfigMapping(QueryConfig.class);

    @Test
    void should_take_every_configured_default_when_only_the_question_is_given() {
        QueryRequest request = QueryRequests.of("acme", QueryParameters.question("  How do I descale?  "), DEFAULTS);

        assertThat(request.query()).isEqualTo("How do I descale?");
        assertThat(request.tenant()).isEqualTo("acme");
        assertThat(request.topK()).isEqualTo(DEFAULTS.topK());
        assertThat(request.candidates()).isEqualTo(30);
        assertThat(request.mode()).isEqualTo(DEFAULTS.mode());
        assertThat(request.alpha()).isEqualTo(DEFAULTS.alpha());
        assertThat(request.fusion()).isEqualTo(DEFAULTS.fusion());
        assertThat(request.filter()).isEqualTo(SearchFilter.NONE);
        assertThat(request.answer()).isTrue();
        assertThat(request.rerank()).isTrue();
        assertThat(request.minRelevance()).isNull();
    }

    @Test
    void should_keep_every_given_parameter_when_within_bounds() {
        Instant after = Instant.parse("2026-01-01T00:00:00Z");
        var given = new QueryParameters(
                "kettle",
                7,
                40,
                SearchMode.BM25,
                0.3,
                FusionType.RANKED,
                "manuals/",
                ContentType.PDF,
                after,
                after.plusSeconds(60),
                false,
                false,
                0.5);

        QueryRequest request = QueryRequests.of("acme", given, DEFAULTS);

        assertThat(request.topK()).isEqualTo(7);
        assertThat(request.candidates()).isEqualTo(40);
        assertThat(request.mode()).isEqualTo(SearchMode.BM25);
        assertThat(request.alpha()).isEqualTo(0.3);
        assertThat(request.fusion()).isEqualTo(FusionType.RANKED);
        assertThat(request.filter())
                .isEqualTo(new SearchFilter(
                        Optional.of("manuals/"),
                        Optional.of(ContentType.PDF),
                        Optional.of(after),
                        Optional.of(after.plusSeconds(60))));
        assertThat(request.answer()).isFalse();
        assertThat(request.rerank()).isFalse();
        assertThat(request.minRelevance()).isEqualTo(0.5);
    }

    @Test
    void should_raise_the_default_candidates_to_top_k_when_top_k_is_larger() {
        var given = new QueryParameters("kettle", 45, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(QueryRequests.of("acme", given, DEFAULTS).candidates()).isEqualTo(45);
    }

    @Test
    void should_name_the_parameter_and_its_bounds_when_a_value_is_out_of_range() {
        assertRefused(
                new QueryParameters(null, null, null, null, null, null, null, null, null, null, null, null, null),
                "query",
                "'query' is required");
        assertRefused(QueryParameters.question(" \t "), "query", "'query' must not be blank");
        assertRefused(
                QueryParameters.question("x".repeat(QueryRequests.MAX_QUERY_CHARS + 1)),
                "query",
                "'query' has 2001 characters; at most 2000 are accepted");
        assertRefused(
                new QueryParameters("q", 0, null, null, null, null, null, null, null, null, null, null, null),
                "topK",
                "'topK' must be within 1..50, was 0");
        assertRefused(
                new QueryParameters("q", 51, null, null, null, null, null, null, null, null, null, null, null),
                "topK",
                "'topK' must be within 1..50, was 51");
        assertRefused(
                new QueryParameters("q", 10, 9, null, null, null, null, null, null, null, null, null, null),
                "candidates",
                "'candidates' must be within 10..200, was 9");
        assertRefused(
                new QueryParameters("q", null, 201, null, null, null, null, null, null, null, null, null, null),
                "candidates",
                "'candidates' must be within 5..200, was 201");
        assertRefused(
                new QueryParameters("q", null, null, null, 1.5, null, null, null, null, null, null, null, null),
                "alpha",
                "'alpha' must be within 0..1, was 1.5");
        assertRefused(
                new QueryParameters("q", null, null, null, Double.NaN, null, null, null, null, null, null, null, null),
                "alpha",
                "'alpha' must be within 0..1, was NaN");
        assertRefused(
                new QueryParameters("q", null, null, null, null, null, null, null, null, null, null, null, -2.0),
                "minRelevance",
                "'minRelevance' must be within -1..1, was -2.0");
        assertRefused(
                new QueryParameters("q", null, null, null, null, null, "", null, null, null, null, null, null),
                "filters.keyPrefix",
                "'filters.keyPrefix' must not be empty; leave it out instead");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertRefused(
                new QueryParameters("q", null, null, null, null, null, null, null, t, t, null, null, null),
                "filters.indexedAfter",
                "'filters.indexedAfter' must be before 'filters.indexedBefore'");
    }

    @Test
    void should_accept_every_spelling_of_the_two_fusions_and_refuse_others() {
        assertThat(QueryRequests.fusion("relative-score")).isEqualTo(FusionType.RELATIVE_SCORE);
        assertThat(QueryRequests.fusion("relativeScore")).isEqualTo(FusionType.RELATIVE_SCORE);
        assertThat(QueryRequests.fusion("RELATIVE")).isEqualTo(FusionType.RELATIVE_SCORE);
        assertThat(QueryRequests.fusion("ranked")).isEqualTo(FusionType.RANKED);
        assertThat(QueryRequests.fusion("rrf")).isEqualTo(FusionType.RANKED);
        assertThatThrownBy(() -> QueryRequests.fusion("best"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("'fusion' must be 'relative-score' or 'ranked', was 'best'");
    }

    private static void assertRefused(QueryParameters given, String parameter, String message) {
        assertThatThrownBy(() -> QueryRequests.of("acme", given, DEFAULTS))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        e -> assertThat(e.parameter()).isEqualTo(parameter))
                .hasMessage(message);
    }
}
