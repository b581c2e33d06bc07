package dev.quarry.weaviate;

import dev.quarry.core.model.AdversarialTenants;
import dev.quarry.core.model.AdversarialTenants.Pair;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoAggregate.AggregateRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoTenants.TenantsGetRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.quarry.core.model.AdversarialTenants.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Weaviate keeps tenants apart on the server (one shard per tenant), so the adapter's part is to name the
 * right tenant in every request. Property, on the wire ({@link FakeWeaviate}): for generated pairs of
 * adversarial tenant spellings ({@link AdversarialTenants}), every request made while acting for one names
 * that one's Weaviate tenant and never the other's; a spelling outside the canonical form is refused before
 * any request is sent. Also: key-prefix filters match exactly what Lucene's prefix query matches, under
 * Weaviate's own {@code like} semantics.
 */
class TenantIsolationWireTest {

    private static final long SEED = Long.getLong("quarry.tenant-seed", System.nanoTime());
    private static final int PAIRS = 150;

    private final FakeWeaviate fake = new FakeWeaviate();
    private WeaviateConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
        fake.close();
    }

    @Test
    void should_name_only_the_acting_tenant_in_every_request_for_adversarial_tenant_pairs() {
        System.out.println("tenant isolation (Weaviate wire): seed " + SEED + ", " + PAIRS + " pairs");
        connection = new WeaviateConnection(fake.settings(), millis -> {});
        WeaviateChunkIndex index = new WeaviateChunkIndex(connection, WeaviateChunkIndexWireTest.SIGNATURE);
        WeaviateDocumentStatusStore statuses = new WeaviateDocumentStatusStore(connection);
        int n = 0;
        for (Pair pair : AdversarialTenants.pairs(SEED, PAIRS)) {
            String key = "pair-" + n++ + "/notes.txt";
            if (!Tenants.isCanonical(pair.owner())) {
                assertRefused(() -> new DocumentRef(pair.owner(), key, "v1"), pair);
                continue;
            }
            DocumentRef owned = new DocumentRef(pair.owner(), key, "v1");
            int before = fake.grpcRequests.size();
            index.upsert(List.of(chunk(owned)));
            statuses.put(DocumentStatus.of(owned, DocumentStatus.State.INDEXED, Instant.now()));
            assertThat(tenantsNamedSince(before)).as(pair.toString()).containsOnly(tenantName(pair.owner()));
            String other = pair.other();
            before = fake.grpcRequests.size();
            int restBefore = fake.restCalls.size();
            if (!Tenants.isCanonical(other)) {
                assertRefused(() -> index.search(search(other)), pair);
                assertRefused(() -> index.count(other), pair);
                assertRefused(() -> index.deleteDocument(other, key), pair);
                assertThat(fake.grpcRequests.size())
                        .as("nothing sent for " + pair)
                        .isEqualTo(before);
                assertThat(fake.restCalls.size()).as("nothing sent for " + pair).isEqualTo(restBefore);
                continue;
            }
            assertThat(tenantName(other)).as(pair.toString()).isNotEqualTo(tenantName(pair.owner()));
            index.search(search(other));
            index.count(other);
            index.deleteDocument(other, key);
            statuses.get(other, key);
            assertThat(tenantsNamedSince(before)).as(pair.toString()).doesNotContain(tenantName(pair.owner()));
        }
    }

    @Test
    void should_match_exactly_the_keys_that_start_with_the_prefix_under_weaviate_like_semantics() {
        // given random keys and prefixes made of characters that are wildcards or regex syntax to Weaviate
        Random random = new Random(SEED);
        String alphabet = "ab/.*?\\+()[]{}^$|- é";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(word(random, alphabet, 1 + random.nextInt(8)));
        }
        for (int i = 0; i < 300; i++) {
            String prefix = random.nextBoolean()
                    ? keys.get(random.nextInt(keys.size())).substring(0, 1)
                    : word(random, alphabet, 1 + random.nextInt(3));
            // when
            String pattern = WeaviateChunkIndex.likePrefix(prefix);

            // then Weaviate's like (as its server evaluates it) matches what Lucene's prefix query matches
            Set<String> expected = new TreeSet<>();
            keys.stream().filter(k -> k.startsWith(prefix)).forEach(expected::add);
            assertThat(weaviateLike(pattern, keys))
                    .as("prefix '" + prefix + "' as '" + pattern + "'")
                    .isEqualTo(expected);
        }
    }

    /**
     * Weaviate's evaluation of a {@code like} filter on a filterable text property: {@code ?} becomes {@code .},
     * {@code *} becomes {@code .*}, the result is an anchored regular expression; when the pattern does not start
     * with a wildcard, the index is read from the text before the first wildcard on, and reading stops at the
     * first key that no longer starts with it (comparing bytes).
     */
    static Set<String> weaviateLike(String pattern, List<String> keys) {
        Pattern regex = Pattern.compile("^" + pattern.replace("?", ".").replace("*", ".*") + "$");
        int wildcard = 0;
        while (wildcard < pattern.length() && pattern.charAt(wildcard) != '*' && pattern.charAt(wildcard) != '?') {
            wildcard++;
        }
        byte[] min = pattern.substring(0, wildcard).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<byte[]> sorted = keys.stream()
                .map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .sorted(java.util.Arrays::compareUnsigned)
                .toList();
        Set<String> matches = new TreeSet<>();
        for (byte[] key : sorted) {
            if (min.length > 0) {
                if (java.util.Arrays.compareUnsigned(key, min) < 0) {
                    continue; // before the seek position
                }
                if (key.length < min.length
                        || java.util.Arrays.compareUnsigned(min, java.util.Arrays.copyOf(key, min.length)) < 0) {
                    break;
                }
            }
            String text = new String(key, java.nio.charset.StandardCharsets.UTF_8);
            if (regex.matcher(text).matches()) {
                matches.add(text);
            }
        }
        return matches;
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    private List<String> tenantsNamedSince(int index) {
        List<String> tenants = new ArrayList<>();
        List<Object> requests;
        synchronized (fake.grpcRequests) {
            requests = new ArrayList<>(fake.grpcRequests.subList(index, fake.grpcRequests.size()));
        }
        for (Object request : requests) {
            if (request
                    instanceof io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest s) {
                tenants.add(s.getTenant());
            } else if (request instanceof BatchObjectsRequest batch) {
                batch.getObjectsList().forEach(o -> tenants.add(o.getTenant()));
            } else if (request instanceof BatchDeleteRequest delete) {
                tenants.add(delete.getTenant());
            } else if (request instanceof AggregateRequest aggregate) {
                tenants.add(aggregate.getTenant());
            } else if (request instanceof TenantsGetRequest get) {
                tenants.addAll(get.getNames().getValuesList());
            }
        }
        return tenants;
    }

    private static String tenantName(String tenant) {
        return WeaviateConnection.tenantName(tenant);
    }

    private static SearchRequest search(String tenant) {
        return new SearchRequest(
                tenant,
                "notes",
                new float[] {1, 0},
                SearchMode.HYBRID,
                0.5,
                FusionType.RELATIVE_SCORE,
                10,
                SearchFilter.NONE);
    }

    private static EmbeddedChunk chunk(DocumentRef ref) {
        Chunk chunk = new Chunk(Chunk.idFor(ref, 0), ref, ContentType.TEXT, 1, 1, 0, List.of(), "notes about tides");
        return new EmbeddedChunk(chunk, new float[] {1, 0});
    }
}
