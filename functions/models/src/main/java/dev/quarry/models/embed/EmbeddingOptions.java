package dev.quarry.models.embed;

import java.util.Objects;

/**
 * How {@link OnnxEmbedder} loads and runs a model; see {@link EmbeddingConfig} for the meaning of each value.
 *
 * @param model which model runs
 * @param window tokens the model reads, special tokens included: 16 to the model's {@link
 *     EmbeddingModel#maxWindow()}
 * @param batchSize texts per model call, at least 1
 * @param threads parallel inferences, 0 for one per available processor
 * @param queryInstruction whether search queries get the model's {@link EmbeddingModel#queryInstruction()}
 */
public record EmbeddingOptions(EmbeddingModel model, int window, int batchSize, int threads, boolean queryInstruction) {

    /**
     * The default model at its full window, without query instruction: see the README, "Embedding models".
     */
    public static final EmbeddingOptions DEFAULTS =
            of(EmbeddingConfig.DEFAULT_MODEL).withQueryInstruction(false);

    public EmbeddingOptions {
        Objects.requireNonNull(model, "model must not be null");
        if (window < 16 || window > model.maxWindow()) {
            throw new IllegalArgumentException(
                    "window must be within 16.." + model.maxWindow() + " for " + model.id() + ", was " + window);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per processor), was " + threads);
        }
    }

    /** {@code model} at its full window, batches of 32, one thread per processor, its query instruction. */
    public static EmbeddingOptions of(EmbeddingModel model) {
        return new EmbeddingOptions(model, model.maxWindow(), 32, 0, true);
    }

    public EmbeddingOptions withModel(EmbeddingModel value) {
        return new EmbeddingOptions(value, Math.min(window, value.maxWindow()), batchSize, threads, queryInstruction);
    }

    public EmbeddingOptions withWindow(int value) {
        return new EmbeddingOptions(model, value, batchSize, threads, queryInstruction);
    }

    public EmbeddingOptions withBatchSize(int value) {
        return new EmbeddingOptions(model, window, value, threads, queryInstruction);
    }

    public EmbeddingOptions withQueryInstruction(boolean value) {
        return new EmbeddingOptions(model, window, batchSize, threads, value);
    }

    /** The text prepended to search queries: the model's instruction when enabled, else empty. */
    public String queryPrefix() {
        return queryInstruction ? model.queryInstruction() : "";
    }

    /**
     * What the vectors of documents depend on, as an index records it: the model and the window ({@code
     * bge-small-en-v1.5-q/512}).
     */
    public String fingerprint() {
        return model.id() + "/" + window;
    }
}
