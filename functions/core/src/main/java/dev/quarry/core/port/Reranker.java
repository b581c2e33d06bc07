package dev.quarry.core.port;

import java.util.List;

/** Scores query/passage pairs for relevance (an ONNX cross-encoder). */
public interface Reranker {

    /**
     * Returns one relevance probability in [0,1] per passage, in the passages' order, computed in as few
     * model runs as the batch size allows.
     */
    float[] score(String query, List<String> passages);
}
