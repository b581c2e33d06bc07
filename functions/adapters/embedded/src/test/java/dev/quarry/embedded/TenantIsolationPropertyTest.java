package dev.quarry.embedded;

import dev.quarry.core.model.AdversarialTenants;
import dev.quarry.core.model.AdversarialTenants.Pair;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.quarry.core.model.AdversarialTenants.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for generated pairs of adversarial tenant spellings ({@link AdversarialTenants}), whatever is
 * written as the first is never searched, counted, listed, read or deleted as the second, in the Lucene index
 * and the JSON status store. A spelling outside the canonical form is refused with {@code INVALID_TENANT}
 * wherever it enters. The seed is printed; rerun one with {@code -Dquarry.tenant-seed=...}.
 */
class TenantIsolationPropertyTest {

    private static final long SEED = Long.getLong("quarry.tenant-seed", System.nanoTime());
    private static final int PAIRS = 400;

    @TempDir
    Path dir;

    @Test
    void should_never_let_one_tenant_spelling_reach_another_tenants_chunks_or_statuses() {
        System.out.println("tenant isolation (Lucene, JSON status): seed " + SEED + ", " + PAIRS + " pairs");
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.inMemory(4))) {
            JsonDocumentStatusStore statuses = new JsonDocumentStatusStore(dir.resolve("status.json"));
            int n = 0;
            for (Pair pair : AdversarialTenants.pairs(SEED, PAIRS)) {
                String key = "pair-" + n++ + "/notes.txt";
                if (!Tenants.isCanonical(pair.owner())) {
                    assertRefused(() -> new DocumentRef(pair.owner(), key, "v1"), pair);
                    continue;
                }
                DocumentRef owned = new DocumentRef(pair.owner(), key, "v1");
                index.upsert(List.of(chunk(owned)));
                statuses.put(DocumentStatus.of(owned, DocumentStatus.State.INDEXED, Instant.now()));
                String other = pair.other();
                if (!Tenants.isCanonical(other)) {
                    assertRefused(() -> index.count(other), pair);
                    assertRefused(() -> index.search(search(other)), pair);
                    assertRefused(() -> index.deleteDocument(other, key), pair);
                    assertRefused(() -> statuses.get(other, key), pair);
                    assertRefused(() -> statuses.list(other), pair);
                } else {
                    List<SearchHit> hits = index.search(search(other));
                    assertThat(hits)
                            .as(pair.toString())
                            .noneMatch(h -> h.chunk().document().equals(owned));
                    assertThat(hits)
                            .as(pair.toString())
                            .allMatch(h -> h.chunk().document().tenant().equals(other));
                    assertThat(statuses.get(other, key)).as(pair.toString()).isEmpty();
                    assertThat(statuses.list(other))
                            .as(pair.toString())
                            .noneMatch(s -> s.document().equals(owned));
                    assertThat(index.deleteDocument(other, key))
                            .as(pair.toString())
                            .isZero();
                }
                assertThat(index.search(search(pair.owner())))
                        .as("the owner still finds its chunk: " + pair)
                        .anyMatch(h -> h.chunk().document().equals(owned));
                assertThat(statuses.get(pair.owner(), key)).as(pair.toString()).isPresent();
            }
        }
    }

    private static SearchRequest search(String tenant) {
        return new SearchRequest(
                tenant,
                "notes",
                new float[] {1, 0, 0, 0},
                SearchMode.HYBRID,
                0.5,
                FusionType.RELATIVE_SCORE,
                1000,
                SearchFilter.NONE);
    }

    private static EmbeddedChunk chunk(DocumentRef ref) {
        Chunk chunk = new Chunk(
                Chunk.idFor(ref, 0), ref, ContentType.TEXT, 1, 1, 0, List.of(), "notes about tides for " + ref.key());
        return new EmbeddedChunk(chunk, new float[] {1, 0.5f, 0, 0});
    }
}
