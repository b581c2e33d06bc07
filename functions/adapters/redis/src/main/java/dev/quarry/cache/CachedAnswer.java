package dev.quarry.cache;

import dev.quarry.core.model.Answer;
import dev.quarry.core.model.SearchHit;

import java.util.List;

/**
 * What the cache stores for one question: the full query result minus timings, and the question it
 * answered (normalised) with its parameters, kept for inspection ({@code HGET <entry> r}).
 */
record CachedAnswer(
        String query,
        String parameters,
        long storedAtEpochMs,
        Answer answer,
        List<SearchHit> hits,
        boolean reranked,
        String rerankNote) {}
