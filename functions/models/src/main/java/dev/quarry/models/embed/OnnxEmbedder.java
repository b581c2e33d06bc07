package dev.quarry.models.embed;

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
 * An in-process embedding model ({@link EmbeddingModel}: all-MiniLM-L6-v2 or bge-small-en-v1.5, fp32 or int8)
 * through langchain4j's ONNX classes ({@link OnnxBertBiEncoder}): the model's pooling (mean for MiniLM, [CLS]
 * for bge), L2-normalised 384-dimensional vectors.
 *
 * <p><b>Window.</b> The tokenizer JSON bundled with a model jar truncates at 128 tokens (MiniLM) or not at
 * all (bge), so langchain4j would either silently drop everything past 126 word pieces or average the
 * embeddings of 510-token parts. The tokenizer JSON is therefore rewritten in memory to truncate at {@link
 * EmbeddingOptions#window()} before loading: the model reads up to {@code window - 2} word pieces, and the
 * chunker keeps every chunk within that. Nothing is written to disk: model and tokenizer are read from the
 * classpath resources of the model jars.
 *
 * <p><b>Queries.</b> {@link #embedQuery(String)} prepends the model's query instruction when the options
 * enable it (bge's "Represent this sentence for searching relevant passages: "); documents are embedded as
 * they are.
 *
 * <p><b>Threads.</b> langchain4j runs one ONNX inference per text; texts of one batch run in parallel on
 * this embedder's own pool of {@code threads} daemon threads, each inference single-threaded (measured
 * here: faster than fewer texts with multi-threaded inferences). {@link #close()} stops the pool.
 *
 * <p><b>Tokens.</b> {@link #countTokens(String)} uses the model's own tokenizer without truncation and
 * without special tokens, so callers see how far a text exceeds {@link #maxTokens()}.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    /** The vector dimension of every model here. */
    public static final int DIMENSION = EmbeddingModel.DIMENSION;

    /** [CLS] and [SEP]: the model reads {@code window - SPECIAL_TOKENS} word pieces of the text. */
    static final int SPECIAL_TOKENS = 2;

    private static final Logger LOG = Logger.getLogger(OnnxEmbedder.class);
    /** Truncation of a tokenizer JSON that has none (bge): cut on the right, as transformers does. */
    private static final String TRUNCATION =
            "{\"direction\":\"Right\",\"max_length\":512,\"strategy\":" + "\"LongestFirst\",\"stride\":0}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddingOptions options;
    private final ExecutorService pool;
    private final OrtSession session;
    private final Model model;
    private final HuggingFaceTokenizer counter;

    /** Loads the model described by {@code options}; takes about a second. */
    public OnnxEmbedder(EmbeddingOptions options) {
        this(
                options,
                ModelResources.of(Objects.requireNonNull(options, "options must not be null")
                        .model()));
    }

    /** Loads the model from the given classpath resources (tests point it at missing ones). */
    OnnxEmbedder(EmbeddingOptions options, ModelResources resources) {
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
                    environment, session, new ByteArrayInputStream(tokenizerJson), resources.pooling());
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

    /** Loads the default model ({@link EmbeddingOptions#DEFAULTS}). */
    public OnnxEmbedder() {
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

    /** The query with the model's query instruction in front when the options enable it. */
    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query must not be null");
        return embed(options.queryPrefix() + query);
    }

    /** The model and window, e.g. {@code bge-small-en-v1.5-q/512}: what document vectors depend on. */
    @Override
    public String fingerprint() {
        return options.fingerprint();
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /**
     * The model's id ({@code bge-small-en-v1.5-q}, {@code all-minilm-l6-v2}), with {@code +query-instruction} when
     * queries are prefixed with one; the window does not change it.
     */
    @Override
    public String id() {
        return options.model().id() + (options.queryPrefix().isEmpty() ? "" : "+query-instruction");
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

    /** {@code window - 2}: e.g. 254 for MiniLM, 510 for bge at their full windows. */
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
            if (!(root.get("truncation") instanceof ObjectNode)) {
                root.set("truncation", JSON.readTree(TRUNCATION));
            }
            ObjectNode truncation = (ObjectNode) root.get("truncation");
            if (truncation.path("max_length").asInt() == window) {
                return bundled;
            }
            truncation.put("max_length", window);
            return JSON.writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "could not read tokenizer " + resources.tokenizer() + ": check that " + resources.artifact()
                            + " is on the classpath",
                    e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxEmbedder.class.getResourceAsStream("/" + name);
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

    /** The classpath resources of one model (names as shipped in langchain4j's model jars) and its pooling. */
    record ModelResources(String model, String tokenizer, String artifact, PoolingMode pooling) {
        static ModelResources of(EmbeddingModel model) {
            return new ModelResources(
                    model.modelResource(), model.tokenizerResource(), model.artifact(), model.pooling());
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
