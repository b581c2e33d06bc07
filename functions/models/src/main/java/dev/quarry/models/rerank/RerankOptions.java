package dev.quarry.models.rerank;

/**
 * How a {@link CrossEncoderReranker} tokenizes and runs its model. Plain values with defaults, so tests and
 * tools can build one without a configuration source; {@link RerankConfig#options()} maps the configuration.
 *
 * @param maxLength the model window in tokens, special tokens included; longer pairs lose the end of the
 *     passage first (at least {@value #MIN_MAX_LENGTH})
 * @param batchSize how many query/passage pairs go into one model run (at least 1)
 * @param intraOpThreads threads onnxruntime uses inside one operator; 0 lets onnxruntime choose (one per
 *     physical core)
 */
public record RerankOptions(int maxLength, int batchSize, int intraOpThreads) {

    /** The window of BERT-style cross-encoders such as ms-marco-MiniLM-L-6-v2. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    /** One model run for the 25 candidates of a query. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** Let onnxruntime choose. */
    public static final int DEFAULT_INTRA_OP_THREADS = 0;

    /** Room for the special tokens plus a few tokens of query and passage. */
    public static final int MIN_MAX_LENGTH = 8;

    public RerankOptions {
        if (maxLength < MIN_MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength must be >= " + MIN_MAX_LENGTH + ", was " + maxLength);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be >= 0 (0 lets onnxruntime choose), was " + intraOpThreads);
        }
    }

    /** The defaults: a 512-token window, batches of 32, onnxruntime's own thread count. */
    public static RerankOptions defaults() {
        return new RerankOptions(DEFAULT_MAX_LENGTH, DEFAULT_BATCH_SIZE, DEFAULT_INTRA_OP_THREADS);
    }

    /** These options with another window. */
    public RerankOptions withMaxLength(int maxLength) {
        return new RerankOptions(maxLength, batchSize, intraOpThreads);
    }

    /** These options with another batch size. */
    public RerankOptions withBatchSize(int batchSize) {
        return new RerankOptions(maxLength, batchSize, intraOpThreads);
    }

    /** These options with another intra-op thread count. */
    public RerankOptions withIntraOpThreads(int intraOpThreads) {
        return new RerankOptions(maxLength, batchSize, intraOpThreads);
    }
}
