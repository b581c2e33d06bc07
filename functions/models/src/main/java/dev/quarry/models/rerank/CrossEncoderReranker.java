package dev.quarry.models.rerank;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.port.Reranker;
import dev.quarry.models.embed.OnnxRuntimeEnvironment;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Reranker} running a cross-encoder (such as ms-marco-MiniLM-L-6-v2) exported to ONNX, from a
 * directory holding {@value #MODEL_FILE} and {@value #TOKENIZER_FILE}.
 *
 * <p>Each passage is read together with the query as one sentence pair, the passage truncated first to fit the window; the model's
 * single logit per pair becomes a probability through the sigmoid. Pairs go through the model in batches of
 * {@link RerankOptions#batchSize()}, padded to the longest pair of the batch. The model must take
 * {@code input_ids} and {@code attention_mask} (int64, {@code [batch, tokens]}); {@code token_type_ids} is
 * fed only if the model declares it. Its output is {@code logits} ({@code [batch, 1]} or {@code [batch]}), or
 * its only output.
 *
 * <p>Loading happens once, in the constructor, and fails with {@link Reason#MODEL_FAILED} naming the
 * directory. {@link #score} is thread-safe; {@link #close} must not race with it.
 */
public final class CrossEncoderReranker implements Reranker, AutoCloseable {

    /** The ONNX model file inside the model directory. */
    public static final String MODEL_FILE = "model.onnx";

    /** The HuggingFace tokenizers file inside the model directory. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String LOGITS = "logits";

    private static final Logger LOG = Logger.getLogger(CrossEncoderReranker.class);

    private final Path modelDir;
    private final RerankOptions options;
    private final OrtEnvironment environment;
    private final PairEncoder encoder;
    private final OrtSession session;
    private final boolean feedsTokenTypeIds;
    private final String outputName;
    private volatile boolean closed;

    /** Loads the cross-encoder in {@code modelDir} with {@link RerankOptions#defaults()}. */
    public CrossEncoderReranker(Path modelDir) {
        this(modelDir, RerankOptions.defaults());
    }

    /**
     * Loads the cross-encoder in {@code modelDir}.
     *
     * @throws QuarryException.Permanent with {@link Reason#MODEL_FAILED} if the directory or its files are
     *     missing or unreadable, or the model does not have the inputs and output of a cross-encoder
     */
    public CrossEncoderReranker(Path modelDir, RerankOptions options) {
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        long start = System.nanoTime();
        checkFiles(modelDir);
        this.environment = OnnxRuntimeEnvironment.get();
        this.encoder = loadEncoder(modelDir, options);
        OrtSession loaded = null;
        try {
            loaded = loadSession(modelDir, options, environment);
            this.feedsTokenTypeIds = checkInputs(modelDir, loaded);
            this.outputName = checkOutput(modelDir, loaded);
        } catch (RuntimeException e) {
            closeQuietly(loaded);
            encoder.close();
            throw e;
        }
        this.session = loaded;
        LOG.infof(
                "Loaded cross-encoder from %s in %d ms (inputs %s, window %d tokens, batches of %d)",
                modelDir,
                (System.nanoTime() - start) / 1_000_000,
                session.getInputNames(),
                options.maxLength(),
                options.batchSize());
    }

    /**
     * Loads the cross-encoder configured in {@code quarry.rerank.model-dir}, or returns empty (and logs that
     * reranking is off) if none is configured.
     *
     * @throws QuarryException.Permanent with {@link Reason#MODEL_FAILED} if a directory is configured but the
     *     model cannot be loaded from it
     */
    public static Optional<CrossEncoderReranker> fromConfig(RerankConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        if (config.modelDir().isEmpty()) {
            LOG.info("quarry.rerank.model-dir is not set: queries keep the hybrid-search order, without reranking");
            return Optional.empty();
        }
        return Optional.of(new CrossEncoderReranker(config.modelDir().get(), config.options()));
    }

    /**
     * Scores each passage against {@code query}.
     *
     * @return one probability in [0,1] per passage, in the passages' order; empty for no passages
     * @throws QuarryException.Permanent with {@link Reason#MODEL_FAILED} if tokenization or the model run fails
     */
    @Override
    public float[] score(String query, List<String> passages) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(passages, "passages must not be null");
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i) == null) {
                throw new NullPointerException("passages must not contain null (index " + i + ")");
            }
        }
        if (closed) {
            throw new IllegalStateException("this CrossEncoderReranker is closed; create a new one");
        }
        float[] scores = new float[passages.size()];
        for (int from = 0; from < passages.size(); from += options.batchSize()) {
            int to = Math.min(from + options.batchSize(), passages.size());
            float[] logits = run(encode(query, passages.subList(from, to)));
            for (int i = 0; i < logits.length; i++) {
                scores[from + i] = sigmoid(logits[i]);
            }
        }
        return scores;
    }

    /** The options this reranker was loaded with. */
    public RerankOptions options() {
        return options;
    }

    /** Whether the model takes {@code token_type_ids} (BERT-style) and is fed them. */
    public boolean feedsTokenTypeIds() {
        return feedsTokenTypeIds;
    }

    /** Releases the ONNX session and the tokenizer. The shared {@link OrtEnvironment} stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(session);
        encoder.close();
    }

    private EncodedBatch encode(String query, List<String> passages) {
        try {
            return encoder.encode(query, passages);
        } catch (RuntimeException e) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "the tokenizer of the cross-encoder in " + modelDir + " failed to encode a query/passage pair: "
                            + e.getMessage(),
                    e);
        }
    }

    private float[] run(EncodedBatch batch) {
        try (OnnxTensor ids = tensor(batch.inputIds(), batch);
                OnnxTensor mask = tensor(batch.attentionMask(), batch);
                OnnxTensor types = feedsTokenTypeIds ? tensor(batch.tokenTypeIds(), batch) : null) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(INPUT_IDS, ids);
            inputs.put(ATTENTION_MASK, mask);
            if (types != null) {
                inputs.put(TOKEN_TYPE_IDS, types);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                return logits(result.get(0), batch);
            }
        } catch (OrtException e) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "the cross-encoder in " + modelDir + " failed on a batch of " + batch.size() + " pair(s) padded to "
                            + batch.length() + " tokens: " + e.getMessage(),
                    e);
        }
    }

    private OnnxTensor tensor(long[] values, EncodedBatch batch) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), batch.shape());
    }

    private float[] logits(OnnxValue value, EncodedBatch batch) {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw modelFailed("returned output '" + outputName + "' that is not a float tensor: " + value.getInfo());
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.remaining() != batch.size()) {
            throw modelFailed("returned " + buffer.remaining() + " values in output '" + outputName + "' for "
                    + batch.size() + " pairs, expected one logit per pair: " + tensor.getInfo());
        }
        float[] logits = new float[batch.size()];
        buffer.get(logits);
        return logits;
    }

    static float sigmoid(float logit) {
        return (float) (1.0 / (1.0 + Math.exp(-logit)));
    }

    private static void checkFiles(Path modelDir) {
        String expected = "a cross-encoder exported to ONNX: " + MODEL_FILE + " (inputs " + INPUT_IDS + ", "
                + ATTENTION_MASK + " [, " + TOKEN_TYPE_IDS + "], output " + LOGITS + ") and its " + TOKENIZER_FILE
                + "; set quarry.rerank.model-dir to such a directory, or leave it unset to run without reranking";
        if (!Files.isDirectory(modelDir)) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "reranker model directory " + modelDir + " does not exist or is not a directory; expected "
                            + expected);
        }
        List<String> missing = new ArrayList<>();
        for (String file : List.of(MODEL_FILE, TOKENIZER_FILE)) {
            Path path = modelDir.resolve(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "reranker model directory " + modelDir + " lacks readable " + String.join(" and ", missing)
                            + "; expected " + expected);
        }
    }

    private static PairEncoder loadEncoder(Path modelDir, RerankOptions options) {
        try {
            return PairEncoder.load(modelDir.resolve(TOKENIZER_FILE), options.maxLength());
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "could not load " + TOKENIZER_FILE + " in reranker model directory " + modelDir
                            + " (a HuggingFace tokenizers file is expected): " + e,
                    e);
        }
    }

    private static OrtSession loadSession(Path modelDir, RerankOptions options, OrtEnvironment environment) {
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            sessionOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            return environment.createSession(modelDir.resolve(MODEL_FILE).toString(), sessionOptions);
        } catch (OrtException e) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED,
                    "could not load " + MODEL_FILE + " in reranker model directory " + modelDir
                            + " (corrupt, truncated or not an ONNX model?): " + e.getMessage(),
                    e);
        }
    }

    /** Checks the model's inputs; returns whether it takes token_type_ids. */
    private static boolean checkInputs(Path modelDir, OrtSession session) {
        Map<String, NodeInfo> inputs = infos(modelDir, session, true);
        Set<String> known = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
        for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
            if (!known.contains(input.getKey())) {
                throw modelFailed(modelDir, "takes input '" + input.getKey() + "', which a cross-encoder does not");
            }
            if (!(input.getValue().getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.INT64) {
                throw modelFailed(
                        modelDir,
                        "has input '" + input.getKey() + "' of type "
                                + input.getValue().getInfo() + ", expected an int64 tensor");
            }
        }
        for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
            if (!inputs.containsKey(required)) {
                throw modelFailed(modelDir, "lacks input '" + required + "' (has " + inputs.keySet() + ")");
            }
        }
        return inputs.containsKey(TOKEN_TYPE_IDS);
    }

    /** Picks the output holding the logits and checks it is one float per pair. */
    private static String checkOutput(Path modelDir, OrtSession session) {
        Map<String, NodeInfo> outputs = infos(modelDir, session, false);
        String name;
        if (outputs.containsKey(LOGITS)) {
            name = LOGITS;
        } else if (outputs.size() == 1) {
            name = outputs.keySet().iterator().next();
        } else {
            throw modelFailed(modelDir, "has no output '" + LOGITS + "' among " + outputs.keySet());
        }
        if (!(outputs.get(name).getInfo() instanceof TensorInfo info)
                || info.type != OnnxJavaType.FLOAT
                || !oneLogitPerPair(info.getShape())) {
            throw modelFailed(
                    modelDir,
                    "has output '" + name + "' of type " + outputs.get(name).getInfo()
                            + ", expected float [batch, 1] or [batch]");
        }
        return name;
    }

    private static boolean oneLogitPerPair(long[] shape) {
        return shape.length == 1 || (shape.length == 2 && (shape[1] == 1 || shape[1] < 0));
    }

    private static Map<String, NodeInfo> infos(Path modelDir, OrtSession session, boolean inputs) {
        try {
            return inputs ? session.getInputInfo() : session.getOutputInfo();
        } catch (OrtException e) {
            throw new QuarryException.Permanent(
                    Reason.MODEL_FAILED, "could not read the signature of " + MODEL_FILE + " in " + modelDir, e);
        }
    }

    private QuarryException modelFailed(String problem) {
        return modelFailed(modelDir, problem);
    }

    private static QuarryException modelFailed(Path modelDir, String problem) {
        return new QuarryException.Permanent(
                Reason.MODEL_FAILED, MODEL_FILE + " in reranker model directory " + modelDir + " " + problem);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debugf(e, "Could not close the ONNX session");
        }
    }
}
