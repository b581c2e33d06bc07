package dev.quarry.core.port;

import java.util.List;

/** Turns text into L2-normalised vectors, and counts tokens with the model's own tokenizer. */
public interface Embedder {

    /** Embeds texts in batches; the result has one vector per text, in order. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** The vector dimension. */
    int dimension();

    /** The number of word pieces the model sees for {@code text}, special tokens excluded. */
    int countTokens(String text);

    /** The largest number of word pieces (special tokens excluded) the model reads before truncating. */
    int maxTokens();
}
