package dev.quarry.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import io.grpc.Status;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBase.Filters;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBaseSearch.Hybrid;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.ListValue;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.Properties;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.TextValues;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.Value;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.MetadataResult;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.PropertiesResult;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The chunk index against {@link FakeWeaviate}: asserts the exact requests client6 sends on the wire and
 * how scripted replies (scores, partial batch failures, 429, schema mismatch) are handled.
 */
class WeaviateChunkIndexWireTest {

    private static final DocumentRef DOC = new DocumentRef("acme", "reports/2025.pdf", "v2");

    private final FakeWeaviate fake = new FakeWeaviate();
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private WeaviateConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
        fake.close();
    }

    static final IndexSignature SIGNATURE = new IndexSignature("bge-small-en-v1.5-q/512", KeywordAnalyzer.ENGLISH);

    private WeaviateChunkIndex index(WeaviateSettings settings) {
        return index(settings, SIGNATURE);
    }

    private WeaviateChunkIndex index(WeaviateSettings settings, IndexSignature signature) {
        connection = new WeaviateConnection(settings, sleeps::add);
        return new WeaviateChunkIndex(connection, signature);
    }

    private WeaviateChunkIndex index() {
        return index(fake.settings());
    }

    @Test
    void should_send_alpha_fusion_and_analysed_query_terms_explicitly_with_tenant_and_server_side_filters() {
        // given an existing tenant and a scripted hybrid reply of two hits
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");
        fake.scriptGrpc(
                SearchReply.class,
                SearchReply.newBuilder()
                        .addResults(result(0, "the quarterly report", 0.83f, "(bm25) ... (vector) ..."))
                        .addResults(result(1, "annex", 0.41f, null))
                        .build());
        SearchFilter filter = new SearchFilter(
                Optional.of("reports/"),
                Optional.of(ContentType.PDF),
                Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2026-12-31T00:00:00Z")));

        // when
        List<SearchHit> hits = index.search(new SearchRequest(
                "acme",
                "The Quarterly Reports",
                new float[] {1, 0},
                SearchMode.HYBRID,
                0.3,
                FusionType.RANKED,
                7,
                filter));

        // then the request states alpha, fusion, the keyword property with the query's English terms (stop word
        // dropped, lower case, stemmed), limit, tenant and every filter
        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest sent = fake.requests(
                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest.class)
                .get(0);
        assertThat(sent.getTenant()).isEqualTo("acme");
        assertThat(sent.getCollection()).isEqualTo("QuarryChunk");
        assertThat(sent.getLimit()).isEqualTo(7);
        Hybrid hybrid = sent.getHybridSearch();
        // client6 sends alpha in the (proto3, zero-default) alpha field, and in alpha_param where it uses it.
        // Quarry never sends 0 or 1 in a hybrid request (those run as BM25 / nearVector), so 0.3 is explicit.
        float sentAlpha = hybrid.hasAlphaParam() ? hybrid.getAlphaParam() : hybrid.getAlpha();
        assertThat(sentAlpha).isEqualTo(0.3f);
        assertThat(hybrid.getFusionType()).isEqualTo(Hybrid.FusionType.FUSION_TYPE_RANKED);
        assertThat(hybrid.getPropertiesList()).containsExactly("keywords");
        assertThat(hybrid.getQuery()).isEqualTo("quarterli report");
        assertThat(sent.hasFilters()).isTrue();
        Filters filters = sent.getFilters();
        assertThat(filters.getOperator()).isEqualTo(Filters.Operator.OPERATOR_AND);
        assertThat(filters.getFiltersList())
                .extracting(f -> f.getOperator() + " " + f.getTarget().getProperty())
                .containsExactly(
                        "OPERATOR_LIKE key",
                        "OPERATOR_EQUAL contentType",
                        "OPERATOR_GREATER_THAN_EQUAL ingestedAt",
                        "OPERATOR_LESS_THAN ingestedAt");
        assertThat(filters.getFilters(0).getValueText()).isEqualTo("reports/*");
        assertThat(filters.getFilters(1).getValueText()).isEqualTo("PDF");
        assertThat(sent.getMetadata().getScore()).isTrue();
        assertThat(sent.getMetadata().getExplainScore()).isTrue();

        // and the fused scores and chunks come back unchanged, in server order
        assertThat(hits).extracting(SearchHit::score).containsExactly(0.83f * 1.0, 0.41f * 1.0);
        assertThat(hits.get(0).chunk()).isEqualTo(chunk(0, "the quarterly report"));
        assertThat(hits.get(0).chunk().headingPath()).containsExactly("Finance", "Q3");
    }

    @Test
    void should_ask_for_each_hybrid_hits_vector_and_report_its_cosine_to_the_query() {
        // given a hybrid hit whose stored vector is (0.6, 0.8) and a query vector (1, 0)
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putFloat(0.6f).putFloat(0.8f).flip();
        SearchResult scored = result(0, "text", 1.0f, null);
        SearchResult withVector = scored.toBuilder()
                .setMetadata(scored.getMetadata().toBuilder()
                        .addVectors(io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBase.Vectors.newBuilder()
                                .setName("default")
                                .setType(
                                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBase.Vectors
                                                .VectorType.VECTOR_TYPE_SINGLE_FP32)
                                .setVectorBytes(com.google.protobuf.ByteString.copyFrom(bytes))))
                .build();
        fake.scriptGrpc(
                SearchReply.class,
                SearchReply.newBuilder().addResults(withVector).build());

        // when
        List<SearchHit> hits = index.search(new SearchRequest(
                "acme", "text", new float[] {1, 0}, SearchMode.HYBRID, 0.5, FusionType.RELATIVE_SCORE, 3, null));

        // then the request asked for the vector, and the hit's similarity is its cosine, not the fused 1.0
        var sent = fake.requests(
                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest.class)
                .get(0);
        assertThat(sent.getMetadata().getVectorsList()).containsExactly("default");
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.score()).isEqualTo(1.0);
            assertThat(hit.similarity()).isCloseTo(0.6, within(1e-6));
            assertThat(hit.relevance()).isCloseTo(0.6, within(1e-6));
        });
    }

    @Test
    void should_run_vector_mode_as_near_vector_and_map_one_minus_distance() {
        // given
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");
        SearchResult near = result(0, "close", 0f, null).toBuilder()
                .setMetadata(MetadataResult.newBuilder()
                        .setId(Uuids.chunk(Chunk.idFor(DOC, 0)))
                        .setDistance(0.25f)
                        .setDistancePresent(true))
                .build();
        fake.scriptGrpc(
                SearchReply.class, SearchReply.newBuilder().addResults(near).build());

        // when
        List<SearchHit> hits = index.search(new SearchRequest(
                "acme", "", new float[] {1, 0}, SearchMode.VECTOR, 1.0, FusionType.RELATIVE_SCORE, 3, null));

        // then
        var sent = fake.requests(
                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest.class)
                .get(0);
        assertThat(sent.hasNearVector()).isTrue();
        assertThat(sent.hasHybridSearch()).isFalse();
        assertThat(sent.hasFilters()).isFalse();
        assertThat(hits)
                .singleElement()
                .satisfies(hit -> assertThat(hit.score()).isCloseTo(0.75, within(1e-6)));
    }

    @Test
    void should_write_batches_of_the_configured_size_with_deterministic_uuids_tenant_and_api_key() {
        // given batches of 2 and an API key
        WeaviateChunkIndex index =
                index(fake.settings().withApiKey("s3cret").withBatching(2, 3, java.time.Duration.ofMillis(1)));
        List<EmbeddedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chunks.add(new EmbeddedChunk(chunk(i, "text " + i), new float[] {1, 0}));
        }

        // when
        index.upsert(chunks);

        // then the tenant was created first, then three batches went out
        assertThat(fake.tenants.get("QuarryChunk")).containsExactly("acme");
        List<BatchObjectsRequest> batches = fake.requests(BatchObjectsRequest.class);
        assertThat(batches).extracting(BatchObjectsRequest::getObjectsCount).containsExactly(2, 2, 1);
        List<String> uuids = batches.stream()
                .flatMap(b -> b.getObjectsList().stream())
                .map(o -> o.getUuid())
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(UUID.nameUUIDFromBytes(("5:chunk32:" + Chunk.idFor(DOC, i)).getBytes(StandardCharsets.UTF_8))
                    .toString());
        }
        assertThat(uuids).containsExactlyElementsOf(expected);
        assertThat(batches.get(0).getObjects(0).getTenant()).isEqualTo("acme");
        assertThat(batches.get(0).getObjects(0).getCollection()).isEqualTo("QuarryChunk");
        // A consistency level is always sent. client6 6.3.0 maps QUORUM and ALL to CONSISTENCY_LEVEL_ONE on
        // gRPC (its ConsistencyLevel enum passes CONSISTENCY_LEVEL_ONE for all three); README "Weaviate".
        assertThat(batches.get(0).hasConsistencyLevel()).isTrue();
        assertThat(batches.get(0).getConsistencyLevel().name())
                .as("client6 6.3.0 bug: QUORUM sent as ONE; when this fails the client is fixed, assert QUORUM")
                .isEqualTo("CONSISTENCY_LEVEL_ONE");
        assertThat(fake.grpcHeaders)
                .isNotEmpty()
                .allSatisfy(headers -> assertThat(headers.get(
                                io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                        .isEqualTo("Bearer s3cret"));
        assertThat(fake.restCalls)
                .allSatisfy(
                        call -> assertThat(call.headers().get("Authorization")).containsExactly("Bearer s3cret"));
    }

    @Test
    void should_retry_only_the_objects_a_batch_reply_reports_as_failed() {
        // given a reply that fails the second object once
        WeaviateChunkIndex index = index();
        fake.scriptGrpc(
                BatchObjectsReply.class,
                BatchObjectsReply.newBuilder()
                        .addErrors(BatchObjectsReply.BatchError.newBuilder()
                                .setIndex(1)
                                .setError("shard busy"))
                        .build());

        // when
        index.upsert(List.of(
                new EmbeddedChunk(chunk(0, "a"), new float[] {1, 0}),
                new EmbeddedChunk(chunk(1, "b"), new float[] {0, 1})));

        // then the second request carries only the failed object, after a backoff
        List<BatchObjectsRequest> batches = fake.requests(BatchObjectsRequest.class);
        assertThat(batches).extracting(BatchObjectsRequest::getObjectsCount).containsExactly(2, 1);
        assertThat(batches.get(1).getObjects(0).getUuid()).isEqualTo(Uuids.chunk(Chunk.idFor(DOC, 1)));
        assertThat(sleeps).containsExactly(1L);
    }

    @Test
    void should_fail_the_upsert_when_objects_keep_failing() {
        // given three failing replies (max attempts 3)
        WeaviateChunkIndex index = index();
        for (int i = 0; i < 3; i++) {
            fake.scriptGrpc(
                    BatchObjectsReply.class,
                    BatchObjectsReply.newBuilder()
                            .addErrors(BatchObjectsReply.BatchError.newBuilder()
                                    .setIndex(0)
                                    .setError("vector dimension mismatch"))
                            .build());
        }

        // when / then
        assertThatThrownBy(() -> index.upsert(List.of(new EmbeddedChunk(chunk(0, "a"), new float[] {1, 0}))))
                .isInstanceOf(QuarryException.Transient.class)
                .hasMessageContaining("rejected 1 of 1")
                .hasMessageContaining("vector dimension mismatch");
        assertThat(fake.requests(BatchObjectsRequest.class)).hasSize(3);
        assertThat(sleeps).as("exponential backoff between attempts").containsExactly(1L, 2L);
    }

    @Test
    void should_back_off_on_429_and_unavailable_then_succeed() {
        // given the schema read answers 429 once, and the first search is UNAVAILABLE
        fake.scriptRest("GET /v1/schema/QuarryChunk", 429, "{\"error\":[{\"message\":\"rate limited\"}]}");
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");
        fake.scriptGrpc(
                SearchReply.class,
                Status.UNAVAILABLE.withDescription("node restarting").asRuntimeException());

        // when
        List<SearchHit> hits = index.search(
                new SearchRequest("acme", "x", null, SearchMode.BM25, 0.0, FusionType.RELATIVE_SCORE, 5, null));

        // then the schema read backed off once and the search was sent again; the collection was still created
        assertThat(hits).isEmpty();
        // (client6's gRPC channel itself retries one UNAVAILABLE, so only the 429 reaches Quarry's backoff)
        assertThat(sleeps).containsExactly(1L);
        assertThat(fake.restCalls)
                .filteredOn(call -> call.path().equals("/v1/schema/QuarryChunk"))
                .hasSize(2);
        assertThat(fake.schemas).containsKey("QuarryChunk");
        var sent =
                fake.requests(io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest.class);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getBm25Search().getPropertiesList()).containsExactly("keywords");
    }

    @Test
    void should_refuse_an_existing_collection_that_is_not_compatible() {
        // given a collection without multi-tenancy whose key is word-tokenized and text is a number
        fake.schemas.put("QuarryChunk", """
                {"class":"QuarryChunk","multiTenancyConfig":{"enabled":false},
                 "description":"Quarry chunks [embedder=bge-small-en-v1.5-q/512;analyzer=english]",
                 "properties":[{"name":"key","dataType":["text"],"tokenization":"word"},
                               {"name":"text","dataType":["number"]}]}
                """);

        // when / then
        assertThatThrownBy(this::index)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("multi-tenancy is off")
                .hasMessageContaining("property 'key' is tokenized FIELD".replace("FIELD", "WORD"))
                .hasMessageContaining("property 'text' has data type [number]")
                .hasMessageContaining("property 'chunkId' is missing");
        assertThat(fake.restCalls).noneMatch(call -> call.method().equals("POST"));
    }

    @Test
    void should_create_the_collection_with_its_signature_whitespace_keywords_and_no_stop_word_preset()
            throws Exception {
        // when
        index();

        // then the schema Quarry created records what built it and keeps Weaviate from analysing the terms again
        JsonNode created = new ObjectMapper().readTree(fake.schemas.get("QuarryChunk"));
        assertThat(created.path("description").asText())
                .endsWith("[embedder=bge-small-en-v1.5-q/512;analyzer=english]");
        assertThat(created.path("invertedIndexConfig")
                        .path("stopwords")
                        .path("preset")
                        .asText())
                .isEqualTo("none");
        assertThat(created.path("invertedIndexConfig").path("bm25").path("k1").asDouble())
                .isEqualTo(1.2, within(1e-6));
        JsonNode keywords = null;
        for (JsonNode property : created.path("properties")) {
            if (property.path("name").asText().equals("keywords")) {
                keywords = property;
            }
        }
        assertThat(keywords).isNotNull();
        assertThat(keywords.path("tokenization").asText()).isEqualTo("whitespace");
        assertThat(keywords.path("indexSearchable").asBoolean()).isTrue();
    }

    @Test
    void should_write_each_chunks_analysed_heading_path_and_text_as_its_keywords() {
        // given
        WeaviateChunkIndex index = index();

        // when
        index.upsert(List.of(new EmbeddedChunk(chunk(0, "The kettle's descaling steps"), new float[] {1, 0})));

        // then the keywords hold the English terms of "Finance", "Q3" and the text; the text is kept as it was
        var properties = firstWrittenProperties();
        assertThat(properties.get("keywords").getStringValue()).isEqualTo("financ q3 kettl descal step");
        assertThat(properties.get("text").getStringValue()).isEqualTo("The kettle's descaling steps");
    }

    @Test
    void should_write_identifier_parts_and_ask_with_english_terms_under_english_parts_analysis() {
        // given an index whose keyword analysis adds the parts of identifiers
        WeaviateChunkIndex index =
                index(fake.settings(), new IndexSignature("bge-small-en-v1.5-q/512", KeywordAnalyzer.ENGLISH_PARTS));
        fake.addTenant("QuarryChunk", "acme");
        fake.scriptGrpc(SearchReply.class, SearchReply.newBuilder().build());

        // when a chunk naming an identifier is written, and a question naming one part is asked
        index.upsert(List.of(new EmbeddedChunk(chunk(0, "Call fs.existsSync first"), new float[] {1, 0})));
        index.search(new SearchRequest(
                "acme",
                "Does existsSync follow links?",
                new float[] {1, 0},
                SearchMode.BM25,
                0,
                FusionType.RELATIVE_SCORE,
                5,
                SearchFilter.NONE));

        // then the keywords hold the whole identifier and its parts; the question keeps its English terms
        var properties = firstWrittenProperties();
        assertThat(properties.get("keywords").getStringValue())
                .isEqualTo("financ q3 call fs.existssync fs existssync first");
        var sent = fake.requests(
                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest.class)
                .get(0);
        assertThat(sent.getBm25Search().getQuery()).isEqualTo("doe existssync follow link");
        assertThat(sent.getBm25Search().getPropertiesList()).containsExactly("keywords");
    }

    @Test
    void should_refuse_a_collection_built_with_another_embedder_or_analyzer_naming_both_and_the_fix() {
        // given a collection an all-MiniLM-L6-v2 configuration with standard analysis created
        fake.schemas.put("QuarryChunk", """
                {"class":"QuarryChunk","multiTenancyConfig":{"enabled":true},
                 "description":"Quarry chunks: one tenant per Quarry tenant [embedder=all-minilm-l6-v2/256;analyzer=standard]",
                 "properties":[]}
                """);

        // when / then
        assertThatThrownBy(this::index)
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INDEX_MISMATCH))
                .hasMessageContaining("embedder all-minilm-l6-v2/256 and keyword analyzer standard")
                .hasMessageContaining("uses embedder bge-small-en-v1.5-q/512 and keyword analyzer english")
                .hasMessageContaining("quarry.weaviate.chunk-collection");
        assertThat(fake.restCalls).noneMatch(call -> call.method().equals("POST"));
    }

    @Test
    void should_refuse_a_collection_that_records_no_signature() {
        // given a collection of an earlier Quarry: word-tokenized text, no recorded embedder or analyzer
        fake.schemas.put("QuarryChunk", """
                {"class":"QuarryChunk","multiTenancyConfig":{"enabled":true},
                 "description":"Quarry chunks: one tenant per Quarry tenant",
                 "properties":[{"name":"text","dataType":["text"],"tokenization":"word"}]}
                """);

        // when / then
        assertThatThrownBy(this::index)
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("records no embedder and keyword analyzer")
                .hasMessageContaining("Re-index");
    }

    @Test
    void should_not_send_a_bm25_search_whose_query_has_only_stop_words() {
        // given
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");

        // when
        List<SearchHit> hits = index.search(new SearchRequest(
                "acme", "the of and", null, SearchMode.BM25, 0.0, FusionType.RELATIVE_SCORE, 5, null));

        // then
        assertThat(hits).isEmpty();
        assertThat(fake.grpcRequests).isEmpty();
    }

    @Test
    void should_delete_other_versions_with_a_server_side_filter_in_the_tenant() {
        // given
        WeaviateChunkIndex index = index();
        fake.addTenant("QuarryChunk", "acme");
        fake.scriptGrpc(
                BatchDeleteReply.class,
                BatchDeleteReply.newBuilder().setMatches(3).setSuccessful(3).build());

        // when
        long removed = index.deleteOtherVersions(DOC);

        // then one filtered delete removed 3, and a second found nothing more
        assertThat(removed).isEqualTo(3);
        List<BatchDeleteRequest> deletes = fake.requests(BatchDeleteRequest.class);
        assertThat(deletes).hasSize(2);
        BatchDeleteRequest first = deletes.get(0);
        assertThat(first.getTenant()).isEqualTo("acme");
        assertThat(first.getFilters().getOperator()).isEqualTo(Filters.Operator.OPERATOR_AND);
        assertThat(first.getFilters().getFiltersList())
                .extracting(f -> f.getOperator() + " " + f.getTarget().getProperty() + " " + f.getValueText())
                .containsExactly("OPERATOR_EQUAL key reports/2025.pdf", "OPERATOR_NOT_EQUAL version v2");
    }

    @Test
    void should_not_query_a_tenant_that_was_never_written() {
        // when
        WeaviateChunkIndex index = index();

        // then
        assertThat(index.count("nobody")).isZero();
        assertThat(index.search(new SearchRequest(
                        "nobody", "x", null, SearchMode.BM25, 0.0, FusionType.RELATIVE_SCORE, 5, null)))
                .isEmpty();
        assertThat(fake.grpcRequests).isEmpty();
    }

    /** The properties of the first object of the first batch the index sent. */
    private java.util.Map<String, com.google.protobuf.Value> firstWrittenProperties() {
        return fake.requests(BatchObjectsRequest.class)
                .get(0)
                .getObjects(0)
                .getProperties()
                .getNonRefProperties()
                .getFieldsMap();
    }

    private static Chunk chunk(int position, String text) {
        return new Chunk(
                Chunk.idFor(DOC, position), DOC, ContentType.PDF, 3, 4, position, List.of("Finance", "Q3"), text);
    }

    private static SearchResult result(int position, String text, float score, String explain) {
        Chunk chunk = chunk(position, text);
        Properties properties = Properties.newBuilder()
                .putFields(
                        "chunkId", Value.newBuilder().setTextValue(chunk.id()).build())
                .putFields("key", Value.newBuilder().setTextValue(DOC.key()).build())
                .putFields(
                        "version",
                        Value.newBuilder().setTextValue(DOC.version()).build())
                .putFields("contentType", Value.newBuilder().setTextValue("PDF").build())
                .putFields("firstPage", Value.newBuilder().setIntValue(3).build())
                .putFields("lastPage", Value.newBuilder().setIntValue(4).build())
                .putFields("position", Value.newBuilder().setIntValue(position).build())
                .putFields(
                        "headings",
                        Value.newBuilder()
                                .setListValue(ListValue.newBuilder()
                                        .setTextValues(TextValues.newBuilder()
                                                .addValues("Finance")
                                                .addValues("Q3")))
                                .build())
                .putFields("text", Value.newBuilder().setTextValue(text).build())
                .build();
        MetadataResult.Builder metadata = MetadataResult.newBuilder()
                .setId(Uuids.chunk(chunk.id()))
                .setScore(score)
                .setScorePresent(true);
        if (explain != null) {
            metadata.setExplainScore(explain).setExplainScorePresent(true);
        }
        return SearchResult.newBuilder()
                .setProperties(PropertiesResult.newBuilder().setNonRefProps(properties))
                .setMetadata(metadata)
                .build();
    }
}
