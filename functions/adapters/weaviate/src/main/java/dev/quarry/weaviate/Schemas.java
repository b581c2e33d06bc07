package dev.quarry.weaviate;

import dev.quarry.core.QuarryException;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The property holding a chunk's keyword terms, analysed by Quarry ({@link KeywordAnalyzer}). */
    static final String KEYWORDS = "keywords";

    private static final String DESCRIPTION = "Quarry chunks: one tenant per Quarry tenant";
    private static final Pattern SIGNATURE = Pattern.compile("\\[(embedder=[^\\]]*)]");

    /**
     * Chunks: bring-your-own vectors (no vectorizer) in HNSW with cosine distance; BM25 (k1 1.2, b 0.75, as
     * Lucene) over {@code keywords} only, the terms Quarry's keyword analyzer produced, tokenized on whitespace
     * and with no stop-word list of Weaviate's own (the analyzer removed stop words already); {@code text} and
     * {@code headings} are kept for display; filterable key, version, content type, page span and ingestion time
     * (key and version as whole values, so equality and prefix filters are exact). The description records the
     * {@link IndexSignature} (embedder and analyzer) that built the collection.
     */
    static CollectionConfig chunks(String name, IndexSignature signature) {
        return CollectionConfig.of(
                name,
                c -> c.description(DESCRIPTION + " [" + signature.encode() + "]")
                        .invertedIndex(
                                inverted -> inverted.bm25(bm25 -> bm25.k1(1.2f).b(0.75f))
                                        .stopwords(stopwords -> stopwords.preset("none")))
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
                                        p -> p.indexSearchable(false).indexFilterable(false)),
                                Property.text(
                                        "text", p -> p.indexSearchable(false).indexFilterable(false)),
                                Property.text(
                                        KEYWORDS,
                                        p -> p.tokenization(Tokenization.WHITESPACE)
                                                .indexSearchable(true)
                                                .indexFilterable(false)),
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
                                ATTEMPTS,
                                // One line per page without text: page, cause, detail (PageWithoutText.encode).
                                Property.text("pagesWithoutText", p -> p.indexSearchable(false))));
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
                                field(Property.text("sequencer")),
                                Property.text("pagesWithoutText", p -> p.indexSearchable(false))));
    }

    /** A text property filtered as one whole value (field tokenization, not searchable by BM25). */
    private static Property field(Property text) {
        return text.edit(
                p -> p.tokenization(Tokenization.FIELD).indexFilterable(true).indexSearchable(false));
    }

    /** The signature recorded in a chunk collection's description, if any. */
    static Optional<IndexSignature> signature(CollectionConfig collection) {
        if (collection.description() == null) {
            return Optional.empty();
        }
        Matcher found = SIGNATURE.matcher(collection.description());
        if (!found.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IndexSignature.decode(found.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Compares an existing chunk collection with the wanted one and its recorded signature with the wanted
     * signature.
     *
     * @throws QuarryException.Permanent with {@code INDEX_MISMATCH} when another embedder or analyzer built it
     * @throws IllegalStateException listing every difference that would break Quarry
     */
    static void verifyChunks(
            CollectionConfig existing, CollectionConfig wanted, IndexSignature signature, String reindexHint) {
        Optional<IndexSignature> recorded = signature(existing);
        if (recorded.isEmpty()) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.INDEX_MISMATCH,
                    "Weaviate collection " + wanted.collectionName() + " records no embedder and keyword analyzer"
                            + " (it was created by an earlier Quarry, or by hand): its vectors and keyword terms"
                            + " cannot be trusted to match. Re-index (" + reindexHint + ")");
        }
        signature.requireSame(recorded.get(), "Weaviate collection " + wanted.collectionName(), reindexHint);
        verify(existing, wanted);
    }

    /**
     * Compares an existing collection with the wanted one.
     *
     * @throws IllegalStateException listing every difference that would break Quarry
     */
    static void verify(CollectionConfig existing, CollectionConfig wanted) {
        List<String> problems = new ArrayList<>();
        if (wanted.invertedIndex() != null
                && wanted.invertedIndex().stopwords() != null
                && existing.invertedIndex() != null
                && existing.invertedIndex().stopwords() != null
                && existing.invertedIndex().stopwords().preset() != null
                && !existing.invertedIndex()
                        .stopwords()
                        .preset()
                        .equals(wanted.invertedIndex().stopwords().preset())) {
            problems.add("its stop-word preset is '"
                    + existing.invertedIndex().stopwords().preset()
                    + "', expected '" + wanted.invertedIndex().stopwords().preset()
                    + "' (Quarry's keyword analyzer removes stop words itself)");
        }
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
