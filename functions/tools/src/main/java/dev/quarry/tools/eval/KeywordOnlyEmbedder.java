package dev.quarry.tools.eval;

import dev.quarry.core.port.Embedder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedder of a keyword-only evaluation index (a bm25 run that found no full index to reuse): it counts
 * tokens with the real model's tokenizer, so the chunks are exactly those of a full index, but runs no model:
 * every vector is the same unit vector. The index records the signature {@value #FINGERPRINT}, so no vector
 * search is ever run on it.
 */
final class KeywordOnlyEmbedder implements Embedder {

    static final String FINGERPRINT = "keyword-only";

    private final Embedder tokenizer;
    private final float[] unit;

    KeywordOnlyEmbedder(Embedder tokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer must not be null");
        this.unit = new float[tokenizer.dimension()];
        unit[0] = 1f;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            vectors.add(unit.clone());
        }
        return vectors;
    }

    @Override
    public float[] embedQuery(String query) {
        throw new UnsupportedOperationException("a keyword-only index answers bm25 queries only");
    }

    @Override
    public String fingerprint() {
        return FINGERPRINT;
    }

    @Override
    public int dimension() {
        return tokenizer.dimension();
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.countTokens(text);
    }

    @Override
    public int maxTokens() {
        return tokenizer.maxTokens();
    }
}
