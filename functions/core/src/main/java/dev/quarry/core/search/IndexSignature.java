package dev.quarry.core.search;

import dev.quarry.core.QuarryException;

import java.util.Objects;

/**
 * What built an index: the embedder whose vectors it holds (model and window, {@code bge-small-en-v1.5-q/512})
 * and the keyword analyzer of its keyword terms. Vectors of another model and terms of another analysis do not
 * match what is stored, so an index records its signature when it is created and refuses a configuration with
 * another one ({@link #requireSame}).
 *
 * @param embedder the embedder's {@link dev.quarry.core.port.Embedder#fingerprint()}
 * @param analyzer the keyword analyzer
 */
public record IndexSignature(String embedder, KeywordAnalyzer analyzer) {

    public IndexSignature {
        Objects.requireNonNull(embedder, "embedder must not be null");
        if (embedder.isBlank() || embedder.contains(";") || embedder.contains("=")) {
            throw new IllegalArgumentException(
                    "embedder must be a non-blank name without ';' or '=', was '" + embedder + "'");
        }
        Objects.requireNonNull(analyzer, "analyzer must not be null");
    }

    /** {@code embedder=bge-small-en-v1.5-q/512;analyzer=english}: the form an index records. */
    public String encode() {
        return "embedder=" + embedder + ";analyzer=" + analyzer.id();
    }

    /** The signature {@link #encode()} wrote. */
    public static IndexSignature decode(String encoded) {
        Objects.requireNonNull(encoded, "encoded must not be null");
        String embedder = null;
        String analyzer = null;
        for (String part : encoded.split(";")) {
            String[] pair = part.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equals("embedder")) {
                embedder = pair[1].strip();
            } else if (pair.length == 2 && pair[0].strip().equals("analyzer")) {
                analyzer = pair[1].strip();
            }
        }
        if (embedder == null || analyzer == null) {
            throw new IllegalArgumentException("not an index signature: '" + encoded + "'");
        }
        return new IndexSignature(embedder, KeywordAnalyzer.ofId(analyzer));
    }

    /**
     * Checks that an index built with {@code recorded} may serve this configuration.
     *
     * @param where the index, as a person finds it ({@code the Lucene index at .quarry/index})
     * @param reindex what to run to rebuild it
     * @throws QuarryException.Permanent with {@code INDEX_MISMATCH} naming both signatures and the re-index step
     */
    public void requireSame(IndexSignature recorded, String where, String reindex) {
        if (!equals(recorded)) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.INDEX_MISMATCH,
                    where + " was built with embedder " + recorded.embedder() + " and keyword analyzer "
                            + recorded.analyzer().id() + ", but this configuration uses embedder " + embedder
                            + " and keyword analyzer " + analyzer.id() + ": its vectors and terms would not match."
                            + " Re-index with the new configuration (" + reindex + "), or set quarry.embedding.model /"
                            + " quarry.keyword.analyzer back to what built it");
        }
    }
}
