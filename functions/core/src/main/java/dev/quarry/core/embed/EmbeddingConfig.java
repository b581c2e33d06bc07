package dev.quarry.core.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the in-process embedding model (all-MiniLM-L6-v2) is loaded and run ({@code quarry.embedding.*}). */
@ConfigMapping(prefix = "quarry.embedding")
public interface EmbeddingConfig {

    /**
     * Which build of the model runs: {@code fp32} (the original weights, 90 MB) or {@code quantized}
     * (int8 weights, 23 MB, faster, slightly different vectors). Vectors of the two variants are not
     * comparable: changing it requires re-indexing.
     */
    @WithDefault("fp32")
    Variant variant();

    /**
     * The number of tokens the model reads, special tokens included: 128 (the limit of the tokenizer
     * bundled with the model jar, and the length the model was trained on) or 256 (the limit
     * sentence-transformers configures for it). Longer text is cut; the chunker keeps a chunk and its heading
     * path within {@code window - 2} word pieces. Texts of up to 126 word pieces embed identically with
     * either; changing it requires re-indexing only if longer texts were embedded.
     */
    @WithDefault("256")
    int window();

    /** How many texts are handed to the model per call; bounds the memory held by one embedding call. */
    @WithDefault("32")
    int batchSize();

    /**
     * Threads that embed texts of one batch in parallel (one ONNX inference per text, each single-threaded);
     * 0 uses one per available processor.
     */
    @WithDefault("0")
    int threads();

    /** The plain options record the embedder is built from. */
    default EmbeddingOptions toOptions() {
        return new EmbeddingOptions(variant(), window(), batchSize(), threads());
    }

    /** The builds of all-MiniLM-L6-v2 shipped on the classpath. */
    enum Variant {
        /** Original 32-bit float weights. */
        FP32,
        /** Dynamically quantized int8 weights. */
        QUANTIZED
    }
}
