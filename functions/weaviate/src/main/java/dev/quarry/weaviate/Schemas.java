package dev.quarry.weaviate;

import io.weaviate.client6.v1.api.collections.CollectionConfig;
import io.weaviate.client6.v1.api.collections.Property;
import io.weaviate.client6.v1.api.collections.Tokenization;
import io.weaviate.client6.v1.api.collections.VectorConfig;
import io.weaviate.client6.v1.api.collections.VectorIndex;
import io.weaviate.client6.v1.api.collections.vectorindex.Distance;
import io.weaviate.client6.v1.api.collections.vectorizers.SelfProvidedVectorizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The collections Quarry creates, and the check of an existing collection against them: every property
 * Quarry writes must exist with the same data type (and the tokenization and index flags Quarry relies on),
 * multi-tenancy must be on, and the chunk collection's vectors must be self-provided in an HNSW index with
 * cosine distance. Anything else an operator changed (extra properties, HNSW tuning) is accepted.
 */
final class Schemas {

    /** The name of the (only) vector of a chunk, client6's default vector name. */
    static final String VECTOR = VectorIndex.DEFAULT_VECTOR_NAME;

    private Schemas() {}

    /**
     * Chunks: bring-your-own vectors (no vectorizer) in HNSW with cosine distance; BM25 over {@code text}
     * and {@code headings} (word tokenization); filterable key, version, content type, page span and
     * ingestion time (key and version as whole values, so equality and prefix filters are exact).
     */
    static CollectionConfig chunks(String name) {
        return CollectionConfig.of(
                name,
                c -> c.description("Quarry chunks: one tenant per Quarry tenant")
                        .multiTenancy(
                                mt -> mt.enabled(true).autoTenantCreation(false).autoTenantActivation(true))
                        .vectorConfig(VectorConfig.selfProvided(
                                VECTOR,
                                v -> v.vectorIndex(io.weaviate.client6.v1.api.collections.vectorindex.Hnsw.of(
                                        h -> h.distance(Distance.COSINE)))))
                        .properties(
                                field(Property.text("chunkId")),
                                field(Property.text("key")),
                                field(Property.text("version")),
                                field(Property.text("contentType")),
                                Property.integer(
                                        "firstPage",
                                        p -> p.indexFilterable(true).indexRangeFilters(true)),
                                Property.integer(
                                        "lastPage", p -> p.indexFilterable(true).indexRangeFilters(true)),
                                Property.integer("position", p -> p.indexFilterable(true)),
                                Property.textArray(
                                        "headings",
                                        p -> p.tokenization(Tokenization.WORD).indexSearchable(true)),
                                Property.text(
                                        "text",
                                        p -> p.tokenization(Tokenization.WORD).indexSearchable(true)),
                                Property.date(
                                        "ingestedAt",
                                        p -> p.indexFilterable(true).indexRangeFilters(true))));
    }

    /** Document statuses: one object per (tenant, key), the latest recorded status. */
    static CollectionConfig statuses(String name) {
        return CollectionConfig.of(
                name,
                c -> c.description("Quarry document statuses: one object per document key")
                        .multiTenancy(
                                mt -> mt.enabled(true).autoTenantCreation(false).autoTenantActivation(true))
                        .properties(
                                field(Property.text("key")),
                                field(Property.text("version")),
                                field(Property.text("state")),
                                Property.integer("pages"),
                                Property.integer("ocrPages"),
                                Property.integer("chunks"),
                                Property.integer("durationMs"),
                                Property.integer("partsDone"),
                                Property.integer("partsTotal"),
                                field(Property.text("reason")),
                                Property.text("message", p -> p.indexSearchable(false)),
                                Property.date("updatedAt"),
                                field(Property.text("sequencer")),
                                ATTEMPTS));
    }

    /**
     * Attempts started per document version (added after the first release: a collection created before it is
     * given the property by the status store instead of being refused).
     */
    static final Property ATTEMPTS = Property.integer("attempts");

    /** Page-range parts of split documents: one object per (tenant, key, version, part). */
    static CollectionConfig parts(String name) {
        return CollectionConfig.of(
                name,
                c -> c.description("Quarry page-range parts written, one per part")
                        .multiTenancy(
                                mt -> mt.enabled(true).autoTenantCreation(false).autoTenantActivation(true))
                        .properties(
                                field(Property.text("key")),
                                field(Property.text("version")),
                                Property.integer("part", p -> p.indexFilterable(true)),
                                Property.integer("partCount"),
                                Property.integer("pages"),
                                Property.integer("ocrPages"),
                                Property.integer("chunks"),
                                Property.integer("durationMs"),
                                Property.date("updatedAt"),
                                field(Property.text("sequencer"))));
    }

    /** A text property filtered as one whole value (field tokenization, not searchable by BM25). */
    private static Property field(Property text) {
        return text.edit(
                p -> p.tokenization(Tokenization.FIELD).indexFilterable(true).indexSearchable(false));
    }

    /**
     * Compares an existing collection with the wanted one.
     *
     * @throws IllegalStateException listing every difference that would break Quarry
     */
    static void verify(CollectionConfig existing, CollectionConfig wanted) {
        List<String> problems = new ArrayList<>();
        if (existing.multiTenancy() == null || !existing.multiTenancy().enabled()) {
            problems.add("multi-tenancy is off (Quarry keeps one Weaviate tenant per Quarry tenant)");
        }
        Map<String, Property> actual = new HashMap<>();
        if (existing.properties() != null) {
            for (Property property : existing.properties()) {
                actual.put(property.propertyName(), property);
            }
        }
        for (Property expected : wanted.properties()) {
            Property found = actual.get(expected.propertyName());
            if (found == null && expected.propertyName().equals(ATTEMPTS.propertyName())) {
                continue;
            }
            if (found == null) {
                problems.add("property '" + expected.propertyName() + "' is missing");
                continue;
            }
            if (!expected.dataTypes().equals(found.dataTypes())) {
                problems.add("property '" + expected.propertyName() + "' has data type " + found.dataTypes()
                        + ", expected " + expected.dataTypes());
            }
            if (expected.tokenization() != null
                    && found.tokenization() != null
                    && expected.tokenization() != found.tokenization()) {
                problems.add("property '" + expected.propertyName() + "' is tokenized " + found.tokenization()
                        + ", expected " + expected.tokenization());
            }
            if (Boolean.TRUE.equals(expected.indexSearchable()) && Boolean.FALSE.equals(found.indexSearchable())) {
                problems.add("property '" + expected.propertyName() + "' is not searchable (BM25 needs it)");
            }
            if (Boolean.TRUE.equals(expected.indexFilterable()) && Boolean.FALSE.equals(found.indexFilterable())) {
                problems.add("property '" + expected.propertyName() + "' is not filterable");
            }
        }
        if (wanted.vectors() != null && !wanted.vectors().isEmpty()) {
            VectorConfig vector =
                    existing.vectors() == null ? null : existing.vectors().get(VECTOR);
            if (vector == null) {
                problems.add("vector '" + VECTOR + "' is missing");
            } else {
                if (!(vector instanceof SelfProvidedVectorizer)) {
                    problems.add("vector '" + VECTOR + "' has a server-side vectorizer; Quarry brings its own vectors");
                }
                VectorIndex index = vector.vectorIndex();
                if (index == null || !index.isHnsw()) {
                    problems.add("vector '" + VECTOR + "' is not in an HNSW index");
                } else if (index.asHnsw().distance() != null && index.asHnsw().distance() != Distance.COSINE) {
                    problems.add("vector '" + VECTOR + "' uses distance "
                            + index.asHnsw().distance() + ", expected COSINE");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Weaviate collection " + wanted.collectionName()
                    + " exists but is incompatible with Quarry: " + String.join("; ", problems)
                    + ". Migrate it (or point quarry.weaviate.*-collection at a new name) instead of writing into it.");
        }
    }
}
