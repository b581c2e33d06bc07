package dev.quarry.tools.bench.cache;

import dev.quarry.core.port.Embedder;
import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.EmbeddingOptions;
import dev.quarry.models.embed.OnnxEmbedder;

import java.util.List;

/**
 * The query embedders the cache verifier can be trained for, by {@link Embedder#id()}: all-MiniLM-L6-v2 and
 * bge-small-en-v1.5 (fp32 or {@code -q}) as Quarry serves them ({@link OnnxEmbedder} at the model's full window),
 * optionally with bge's query instruction ({@code +query-instruction}). Workshop code: its ids are the ones the
 * served embedder reports, so weights trained here load for it.
 */
public final class BenchEmbedders {

    public static final List<String> IDS = List.of(
            "all-minilm-l6-v2",
            "all-minilm-l6-v2-q",
            "bge-small-en-v1.5",
            "bge-small-en-v1.5-q",
            "bge-small-en-v1.5+query-instruction",
            "bge-small-en-v1.5-q+query-instruction");

    private BenchEmbedders() {}

    /** An embedder for {@code id} with {@code threads} parallel inferences; close it after use. */
    public static Embedder open(String id, int threads) {
        return switch (id) {
            case "all-minilm-l6-v2" -> served(EmbeddingModel.ALL_MINILM_L6_V2, threads);
            case "all-minilm-l6-v2-q" -> served(EmbeddingModel.ALL_MINILM_L6_V2_Q, threads);
            case "bge-small-en-v1.5" -> served(EmbeddingModel.BGE_SMALL_EN_V15, threads);
            case "bge-small-en-v1.5-q" -> served(EmbeddingModel.BGE_SMALL_EN_V15_Q, threads);
            case "bge-small-en-v1.5+query-instruction" -> questions(EmbeddingModel.BGE_SMALL_EN_V15, threads);
            case "bge-small-en-v1.5-q+query-instruction" -> questions(EmbeddingModel.BGE_SMALL_EN_V15_Q, threads);
            default ->
                throw new IllegalArgumentException(
                        "unknown embedder id " + id + ": use one of " + String.join(", ", IDS));
        };
    }

    /** The embedder Quarry serves for {@code model}, at its full window, without query instruction. */
    private static Embedder served(EmbeddingModel model, int threads) {
        return new OnnxEmbedder(new EmbeddingOptions(model, model.maxWindow(), 32, threads, false));
    }

    /** The embedder Quarry serves for {@code model} with its query instruction, for cached questions. */
    private static Embedder questions(EmbeddingModel model, int threads) {
        return new Questions(new OnnxEmbedder(new EmbeddingOptions(model, model.maxWindow(), 32, threads, true)));
    }

    public static void close(Embedder embedder) {
        if (embedder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close embedder " + embedder.id(), e);
            }
        }
    }

    /**
     * Every text a cache holds or looks up is a question, so every one is embedded as the pipeline embeds a query
     * ({@link Embedder#embedQuery}: with the model's query instruction in front), in batches.
     */
    static final class Questions implements Embedder, AutoCloseable {
        private final OnnxEmbedder served;
        private final String prefix;

        Questions(OnnxEmbedder served) {
            this.served = served;
            this.prefix = served.options().queryPrefix();
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return served.embedAll(texts.stream().map(text -> prefix + text).toList());
        }

        @Override
        public int dimension() {
            return served.dimension();
        }

        @Override
        public int countTokens(String text) {
            return served.countTokens(text);
        }

        @Override
        public int maxTokens() {
            return served.maxTokens();
        }

        @Override
        public String fingerprint() {
            return served.fingerprint();
        }

        @Override
        public String id() {
            return served.id();
        }

        @Override
        public void close() {
            served.close();
        }
    }
}
