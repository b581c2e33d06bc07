package dev.quarry.testing;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link ChunkIndex} adapter must show (Lucene embedded, Weaviate in production).
 * Subclasses supply the index; each test works in its own namespace with its own tenants, so suites can run
 * side by side against a shared server. Vectors are tiny hand-made unit vectors of {@link #DIMENSION}
 * dimensions, so no embedding model is needed.
 */
public abstract class ChunkIndexContractTest {

    /** The vector dimension every chunk and query of this suite uses. */
    protected static final int DIMENSION = 4;

    private static final float[] EAST = {1, 0, 0, 0};
    private static final float[] NORTH = {0, 1, 0, 0};

    private ChunkIndex index;
    private String tenantA;
    private String tenantB;

    /**
     * Creates the index under test, accepting {@link #DIMENSION}-dimensional vectors. It must hold no chunk of
     * the tenants this test uses; those tenants start with {@code namespace}, which is unique per test (an
     * adapter may also use it, e.g. in a collection name, or ignore it). An index that is
     * {@link AutoCloseable} is closed after the test.
     */
    protected abstract ChunkIndex createIndex(String namespace);

    @BeforeEach
    void createIndexForThisTest() {
        String namespace = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        tenantA = namespace + "a";
        tenantB = namespace + "b";
        index = createIndex(namespace);
    }

    @AfterEach
    void closeIndex() throws Exception {
        if (index instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void should_find_an_upserted_chunk_and_return_it_unchanged() {
        // given
        DocumentRef document = new DocumentRef(tenantA, "guides/setup.pdf", "v1");
        Chunk chunk = new Chunk(
                Chunk.idFor(document, 3),
                document,
                ContentType.PDF,
                2,
                4,
                3,
                List.of("Setup", "Network"),
                "Open port 8080 on the firewall before starting the server.");
        index.upsert(List.of(new EmbeddedChunk(chunk, EAST)));

        // when
        List<SearchHit> hits = index.search(bm25(tenantA, "firewall", 10));

        // then
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).chunk()).isEqualTo(chunk);
        assertThat(hits.get(0).score()).isPositive();
        assertThat(hits.get(0).rerankScore()).isNull();
    }

    @Test
    void should_replace_a_chunk_upserted_again_under_the_same_id() {
        // given
        DocumentRef document = new DocumentRef(tenantA, "animals.txt", "v1");
        index.upsert(List.of(embedded(document, 0, "the aardvark digs", EAST)));

        // when the same position of the same version is upserted with new text
        index.upsert(List.of(embedded(document, 0, "the badger digs", EAST)));

        // then
        assertThat(index.count(tenantA)).isEqualTo(1);
        assertThat(index.search(bm25(tenantA, "aardvark", 10))).isEmpty();
        assertThat(index.search(bm25(tenantA, "badger", 10)))
                .singleElement()
                .satisfies(hit -> assertThat(hit.chunk().text()).isEqualTo("the badger digs"));
    }

    @Test
    void should_delete_every_version_of_a_document_and_nothing_else() {
        // given two versions of one document, another document, and the same key in another tenant
        DocumentRef v1 = new DocumentRef(tenantA, "manual.pdf", "v1");
        DocumentRef v2 = new DocumentRef(tenantA, "manual.pdf", "v2");
        DocumentRef other = new DocumentRef(tenantA, "manual.pdf.bak", "v1");
        DocumentRef otherTenant = new DocumentRef(tenantB, "manual.pdf", "v1");
        index.upsert(List.of(
                embedded(v1, 0, "pump maintenance", EAST),
                embedded(v1, 1, "pump repair", EAST),
                embedded(v2, 0, "pump maintenance revised", EAST),
                embedded(v2, 1, "pump repair revised", EAST),
                embedded(other, 0, "pump backup", EAST),
                embedded(otherTenant, 0, "pump maintenance", EAST)));

        // when
        long removed = index.deleteDocument(tenantA, "manual.pdf");

        // then
        assertThat(removed).isEqualTo(4);
        assertThat(index.count(tenantA)).isEqualTo(1);
        assertThat(index.count(tenantB)).isEqualTo(1);
        assertThat(keys(index.search(bm25(tenantA, "pump", 10)))).containsExactly("manual.pdf.bak");
        assertThat(index.deleteDocument(tenantA, "manual.pdf")).isZero();
    }

    @Test
    void should_keep_only_the_given_version_when_deleting_other_versions() {
        // given three versions of a document and another document
        DocumentRef v1 = new DocumentRef(tenantA, "plan.md", "v1");
        DocumentRef v2 = new DocumentRef(tenantA, "plan.md", "v2");
        DocumentRef v3 = new DocumentRef(tenantA, "plan.md", "v3");
        DocumentRef other = new DocumentRef(tenantA, "budget.md", "v1");
        index.upsert(List.of(
                embedded(v1, 0, "roadmap draft", EAST),
                embedded(v1, 1, "roadmap draft two", EAST),
                embedded(v2, 0, "roadmap final", EAST),
                embedded(v2, 1, "roadmap final two", EAST),
                embedded(v2, 2, "roadmap final three", EAST),
                embedded(v3, 0, "roadmap next", EAST),
                embedded(other, 0, "roadmap budget", EAST)));

        // when
        long removed = index.deleteOtherVersions(v2);

        // then
        assertThat(removed).isEqualTo(3);
        assertThat(index.count(tenantA)).isEqualTo(4);
        assertThat(index.search(bm25(tenantA, "roadmap", 10)))
                .extracting(hit -> hit.chunk().document())
                .containsOnly(v2, other)
                .hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(FusionType.class)
    void should_rank_document_matching_both_legs_first(FusionType fusion) {
        // given one chunk matching only the keyword, one only the vector, and one matching both
        upsertZebraCorpus(tenantA);

        // when
        List<SearchHit> hits = index.search(hybrid(tenantA, "zebra", EAST, 0.5, fusion, 10));

        // then both single-leg matches appear and the chunk matching both ranks first
        assertThat(keys(hits)).contains("keyword-only.txt", "vector-only.txt");
        assertThat(keys(hits).get(0)).isEqualTo("both.txt");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void should_give_every_hit_of_a_vector_or_hybrid_search_its_cosine_and_none_to_bm25_hits() {
        // given
        upsertZebraCorpus(tenantA);

        // when
        List<SearchHit> hybrid = index.search(hybrid(tenantA, "zebra", EAST, 0.5, FusionType.RELATIVE_SCORE, 10));
        List<SearchHit> vector = index.search(vector(tenantA, EAST, 10));
        List<SearchHit> keyword = index.search(bm25(tenantA, "zebra", 10));

        // then the similarity is the cosine to the query whichever leg found the chunk, and the fused score of
        // the keyword-only chunk (orthogonal vector) is not its relevance
        Map<String, Double> similarity = new java.util.HashMap<>();
        hybrid.forEach(hit -> similarity.put(hit.chunk().document().key(), hit.similarity()));
        assertThat(similarity.get("vector-only.txt")).isCloseTo(1.0, within(1e-4));
        assertThat(similarity.get("both.txt")).isCloseTo(0.9939, within(1e-3));
        assertThat(similarity.get("keyword-only.txt")).isCloseTo(0.0, within(1e-4));
        assertThat(vector).allSatisfy(hit -> assertThat(hit.similarity()).isCloseTo(hit.score(), within(1e-4)));
        assertThat(keyword).allSatisfy(hit -> assertThat(hit.similarity()).isNull());
    }

    @Test
    void should_return_only_keyword_matches_in_bm25_mode() {
        // given
        upsertZebraCorpus(tenantA);

        // when
        List<SearchHit> hits = index.search(bm25(tenantA, "zebra", 10));

        // then "zebra zebra crossing" has the higher term frequency in a text of equal length
        assertThat(keys(hits)).containsExactly("both.txt", "keyword-only.txt");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void should_rank_by_cosine_similarity_in_vector_mode() {
        // given
        upsertZebraCorpus(tenantA);

        // when
        List<SearchHit> hits = index.search(vector(tenantA, EAST, 10));

        // then the score is 1 - cosine distance: 1 for the same direction, 0 for an orthogonal one
        assertThat(keys(hits)).containsExactly("vector-only.txt", "both.txt", "keyword-only.txt");
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(1).score()).isCloseTo(0.9939, within(1e-3));
        assertThat(hits.get(2).score()).isCloseTo(0.0, within(1e-4));
    }

    @Test
    void should_run_alpha_zero_as_bm25_and_alpha_one_as_vector_search() {
        // given
        upsertZebraCorpus(tenantA);

        // when
        List<SearchHit> alphaZero = index.search(hybrid(tenantA, "zebra", EAST, 0.0, FusionType.RELATIVE_SCORE, 10));
        List<SearchHit> alphaOne = index.search(hybrid(tenantA, "zebra", EAST, 1.0, FusionType.RELATIVE_SCORE, 10));

        // then
        assertThat(ids(alphaZero)).isEqualTo(ids(index.search(bm25(tenantA, "zebra", 10))));
        assertThat(ids(alphaOne)).isEqualTo(ids(index.search(vector(tenantA, EAST, 10))));
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void should_filter_by_key_prefix_inside_the_index(SearchMode mode) {
        // given five notes nearest to the query vector and two reports further away
        upsertReportsAndNotes(tenantA);
        SearchFilter reportsOnly = SearchFilter.keyPrefix("reports/");

        // when asking for two hits
        List<SearchHit> hits = index.search(request(tenantA, "quarterly", EAST, mode, 2, reportsOnly));

        // then the filter is applied before the limit: both reports come back
        assertThat(keys(hits)).containsExactlyInAnyOrder("reports/2024.pdf", "reports/2025.pdf");
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void should_filter_by_content_type(SearchMode mode) {
        // given
        upsertReportsAndNotes(tenantA);
        SearchFilter markdownOnly = new SearchFilter(
                Optional.empty(), Optional.of(ContentType.MARKDOWN), Optional.empty(), Optional.empty());

        // when
        List<SearchHit> hits = index.search(request(tenantA, "quarterly", NORTH, mode, 10, markdownOnly));

        // then
        assertThat(hits)
                .hasSize(5)
                .allSatisfy(hit -> assertThat(hit.chunk().contentType()).isEqualTo(ContentType.MARKDOWN));
    }

    @Test
    void should_filter_by_indexing_time() {
        // given
        upsertReportsAndNotes(tenantA);
        Instant now = Instant.now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        Instant inAnHour = now.plus(Duration.ofHours(1));

        // when / then
        assertThat(index.search(bm25(
                        tenantA,
                        "quarterly",
                        10,
                        new SearchFilter(
                                Optional.empty(), Optional.empty(), Optional.of(hourAgo), Optional.of(inAnHour)))))
                .hasSize(7);
        assertThat(index.search(bm25(
                        tenantA,
                        "quarterly",
                        10,
                        new SearchFilter(Optional.empty(), Optional.empty(), Optional.of(inAnHour), Optional.empty()))))
                .isEmpty();
        assertThat(index.search(bm25(
                        tenantA,
                        "quarterly",
                        10,
                        new SearchFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(hourAgo)))))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void should_never_return_a_chunk_of_another_tenant(SearchMode mode) {
        // given identical text and vectors in two tenants, tenant B's being many more
        index.upsert(List.of(embedded(new DocumentRef(tenantA, "secret.txt", "v1"), 0, "launch codes", EAST)));
        List<EmbeddedChunk> tenantBChunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tenantBChunks.add(
                    embedded(new DocumentRef(tenantB, "secret-" + i + ".txt", "v1"), 0, "launch codes", EAST));
        }
        index.upsert(tenantBChunks);

        // when
        List<SearchHit> hits = index.search(request(tenantA, "launch codes", EAST, mode, 10, SearchFilter.NONE));

        // then
        assertThat(hits)
                .singleElement()
                .satisfies(hit -> assertThat(hit.chunk().document().tenant()).isEqualTo(tenantA));
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void should_return_at_most_limit_hits(SearchMode mode) {
        // given six matching chunks
        upsertReportsAndNotes(tenantA);

        // when
        List<SearchHit> hits = index.search(request(tenantA, "quarterly", EAST, mode, 3, SearchFilter.NONE));

        // then
        assertThat(hits).hasSize(3);
        assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    }

    @Test
    void should_find_a_chunk_by_a_word_of_its_headings() {
        // given a chunk whose text does not contain the word but its heading path does
        DocumentRef document = new DocumentRef(tenantA, "handbook.html", "v1");
        Chunk chunk = new Chunk(
                Chunk.idFor(document, 0),
                document,
                ContentType.HTML,
                1,
                1,
                0,
                List.of("Installation", "Troubleshooting"),
                "Restart the service and read the log.");
        index.upsert(List.of(
                new EmbeddedChunk(chunk, EAST),
                embedded(new DocumentRef(tenantA, "other.html", "v1"), 0, "Restart the service.", EAST)));

        // when
        List<SearchHit> hits = index.search(bm25(tenantA, "troubleshooting", 10));

        // then
        assertThat(hits)
                .singleElement()
                .satisfies(hit -> assertThat(hit.chunk()).isEqualTo(chunk));
    }

    @Test
    void should_count_chunks_per_tenant() {
        // given
        index.upsert(List.of(
                embedded(new DocumentRef(tenantA, "a.txt", "v1"), 0, "one", EAST),
                embedded(new DocumentRef(tenantA, "a.txt", "v1"), 1, "two", EAST),
                embedded(new DocumentRef(tenantA, "b.txt", "v1"), 0, "three", EAST),
                embedded(new DocumentRef(tenantB, "a.txt", "v1"), 0, "one", EAST)));

        // when / then
        assertThat(index.count(tenantA)).isEqualTo(3);
        assertThat(index.count(tenantB)).isEqualTo(1);
        assertThat(index.count(tenantA + "-nobody")).isZero();
    }

    @Test
    void should_accept_an_empty_upsert_and_find_nothing_in_an_empty_tenant() {
        // when
        index.upsert(List.of());

        // then
        assertThat(index.count(tenantA)).isZero();
        assertThat(index.search(hybrid(tenantA, "anything", EAST, 0.5, FusionType.RELATIVE_SCORE, 5)))
                .isEmpty();
    }

    // -- fixtures ------------------------------------------------------------------------------------------

    /**
     * keyword-only: "zebra" once, vector orthogonal to EAST; vector-only: no "zebra", vector EAST;
     * both: "zebra" twice, vector at cosine 0.9939 to EAST.
     */
    private void upsertZebraCorpus(String tenant) {
        index.upsert(List.of(
                embedded(new DocumentRef(tenant, "keyword-only.txt", "v1"), 0, "zebra herd notes", NORTH),
                embedded(new DocumentRef(tenant, "vector-only.txt", "v1"), 0, "savanna migration report", EAST),
                embedded(
                        new DocumentRef(tenant, "both.txt", "v1"), 0, "zebra zebra crossing", unit(0.9f, 0.1f, 0, 0))));
    }

    /** Five markdown notes with vector EAST and two PDF reports at 45 degrees; all mention "quarterly". */
    private void upsertReportsAndNotes(String tenant) {
        List<EmbeddedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chunks.add(embedded(
                    new DocumentRef(tenant, "notes/" + i + ".md", "v1"),
                    0,
                    ContentType.MARKDOWN,
                    "quarterly notes number " + i,
                    EAST));
        }
        chunks.add(embedded(
                new DocumentRef(tenant, "reports/2024.pdf", "v1"),
                0,
                ContentType.PDF,
                "quarterly report 2024",
                unit(1, 1, 0, 0)));
        chunks.add(embedded(
                new DocumentRef(tenant, "reports/2025.pdf", "v1"),
                0,
                ContentType.PDF,
                "quarterly report 2025",
                unit(0, 1, 1, 0)));
        index.upsert(chunks);
    }

    // -- helpers -------------------------------------------------------------------------------------------

    /** A chunk of one page, no headings, with the given text and vector. */
    protected static EmbeddedChunk embedded(DocumentRef document, int position, String text, float[] vector) {
        return embedded(document, position, ContentType.TEXT, text, vector);
    }

    protected static EmbeddedChunk embedded(
            DocumentRef document, int position, ContentType type, String text, float[] vector) {
        Chunk chunk = new Chunk(Chunk.idFor(document, position), document, type, 1, 1, position, List.of(), text);
        return new EmbeddedChunk(chunk, vector);
    }

    /** The vector scaled to length 1. */
    protected static float[] unit(float... components) {
        double length = 0;
        for (float c : components) {
            length += c * c;
        }
        float[] unit = new float[components.length];
        for (int i = 0; i < components.length; i++) {
            unit[i] = (float) (components[i] / Math.sqrt(length));
        }
        return unit;
    }

    protected static SearchRequest bm25(String tenant, String text, int limit) {
        return bm25(tenant, text, limit, SearchFilter.NONE);
    }

    protected static SearchRequest bm25(String tenant, String text, int limit, SearchFilter filter) {
        return new SearchRequest(tenant, text, null, SearchMode.BM25, 0.0, FusionType.RELATIVE_SCORE, limit, filter);
    }

    protected static SearchRequest vector(String tenant, float[] vector, int limit) {
        return new SearchRequest(
                tenant, "", vector, SearchMode.VECTOR, 1.0, FusionType.RELATIVE_SCORE, limit, SearchFilter.NONE);
    }

    protected static SearchRequest hybrid(
            String tenant, String text, float[] vector, double alpha, FusionType fusion, int limit) {
        return new SearchRequest(tenant, text, vector, SearchMode.HYBRID, alpha, fusion, limit, SearchFilter.NONE);
    }

    private static SearchRequest request(
            String tenant, String text, float[] vector, SearchMode mode, int limit, SearchFilter filter) {
        return new SearchRequest(tenant, text, vector, mode, 0.5, FusionType.RELATIVE_SCORE, limit, filter);
    }

    protected static List<String> keys(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.chunk().document().key()).toList();
    }

    protected static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.chunk().id()).toList();
    }

    /** Tenant A of this test: unique to it. */
    protected String tenantA() {
        return tenantA;
    }

    /** Tenant B of this test: unique to it. */
    protected String tenantB() {
        return tenantB;
    }

    /** The index under test. */
    protected ChunkIndex index() {
        return index;
    }
}
