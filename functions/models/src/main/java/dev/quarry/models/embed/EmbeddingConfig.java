package dev.quarry.models.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Which in-process embedding model runs and how ({@code quarry.embedding.*}). */
@ConfigMapping(prefix = "quarry.embedding")
public interface EmbeddingConfig {

    /** The default model; chosen by measurement (README, "Embedding models"). */
    EmbeddingModel DEFAULT_MODEL = EmbeddingModel.BGE_SMALL_EN_V15_Q;

    /**
     * The model: {@code all-minilm-l6-v2}, {@code all-minilm-l6-v2-q}, {@code bge-small-en-v1-5} or {@code
     * bge-small-en-v1-5-q} (the last two are bge-small-en-v1.5, fp32 and int8). Vectors of different models are
     * not comparable: the index records the model that built it and refuses another; changing it requires
     * re-indexing ({@code ./quarry ingest --reindex} locally).
     */
    @WithDefault("bge-small-en-v15-q")
    EmbeddingModel model();

    /**
     * The number of tokens the model reads, special tokens included; longer text is cut. Defaults to the model's
     * own limit (256 for all-MiniLM-L6-v2, the limit sentence-transformers configures; 512 for bge-small). The
     * chunker keeps a chunk and its heading path within {@code window - 2} word pieces.
     */
    Optional<Integer> window();

    /** How many texts are handed to the model per call; bounds the memory held by one embedding call. */
    @WithDefault("32")
    int batchSize();

    /**
     * Threads that embed texts of one batch in parallel (one ONNX inference per text, each single-threaded);
     * 0 uses one per available processor.
     */
    @WithDefault("0")
    int threads();

    /**
     * Whether search queries are prefixed with the model's query instruction (bge: "Represent this sentence for
     * searching relevant passages: "; MiniLM has none). Documents never are. Off by default: with bge-small it
     * cost 0.022 nDCG@10 on mini-dbpedia and gained 0.005 on mini-msmarco (README, "Embedding models").
     */
    @WithDefault("false")
    boolean queryInstruction();

    /** The plain options record the embedder is built from. */
    default EmbeddingOptions toOptions() {
        EmbeddingModel model = model();
        return new EmbeddingOptions(
                model, window().orElse(model.maxWindow()), batchSize(), threads(), queryInstruction());
    }
}
