package dev.quarry.core.port;

import java.util.List;

/** Turns text into L2-normalised vectors, and counts tokens with the model's own tokenizer. */
public interface Embedder {

    /** Embeds texts in batches; the result has one vector per text, in order. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * Embeds a search query. Models trained with a query instruction (bge) get it here; documents go through
     * {@link #embedAll(List)} without it. By default the same as {@link #embed(String)}.
     */
    default float[] embedQuery(String query) {
        return embed(query);
    }

    /**
     * What document vectors depend on (model and window, e.g. {@code bge-small-en-v1.5-q/512}); an index records
     * it and refuses queries embedded by another.
     */
    default String fingerprint() {
        return getClass().getSimpleName() + "/" + dimension();
    }

    /** The vector dimension. */
    int dimension();

    /** The number of word pieces the model sees for {@code text}, special tokens excluded. */
    int countTokens(String text);

    /** The largest number of word pieces (special tokens excluded) the model reads before truncating. */
    int maxTokens();

    /**
     * Names the vector space: model, weights build and any instruction prefixed to the text, e.g. {@code
     * all-minilm-l6-v2} or {@code all-minilm-l6-v2-q}. Vectors of two embedders are comparable only when
     * their ids are equal; what was learned from vectors (the answer cache's hit verifier) is kept per id.
     * The default, the class name, matches nothing that was learned.
     */
    default String id() {
        return getClass().getName();
    }
}
