package dev.quarry.models.rerank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** The cross-encoder that reranks hybrid-search candidates ({@code quarry.rerank.*}). */
@ConfigMapping(prefix = "quarry.rerank")
public interface RerankConfig {

    /**
     * The directory holding the cross-encoder: {@code model.onnx} and {@code tokenizer.json}. In AWS this is
     * the model layer, {@code /opt/models/cross-encoder}. Not set: the query pipeline returns the
     * hybrid-search order without reranking and says so in its result.
     */
    Optional<Path> modelDir();

    /**
     * The model window in tokens, special tokens included. A longer query/passage pair loses the end of the
     * passage; a query longer than half the window is cut to half the window.
     */
    @WithDefault("" + RerankOptions.DEFAULT_MAX_LENGTH)
    int maxLength();

    /** How many query/passage pairs go into one model run; 32 scores the 25 candidates of a query at once. */
    @WithDefault("" + RerankOptions.DEFAULT_BATCH_SIZE)
    int batchSize();

    /** Threads onnxruntime uses inside one operator; 0 lets onnxruntime choose (one per physical core). */
    @WithDefault("" + RerankOptions.DEFAULT_INTRA_OP_THREADS)
    int intraOpThreads();

    /**
     * The relevance probability, in [0,1], below which the query pipeline drops a reranked passage even if
     * fewer than top-k remain. Not set: keep the top-k whatever their scores.
     */
    Optional<Double> minScore();

    /** The tokenizer and runtime settings as plain options for {@link CrossEncoderReranker}. */
    default RerankOptions options() {
        return new RerankOptions(maxLength(), batchSize(), intraOpThreads());
    }
}
