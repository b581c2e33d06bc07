package dev.quarry.tools.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.Lsh;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.search.Similarity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One whole cache, in memory, as {@code quarry bench cache} runs it on Redis: every {@code text_a} stored
 * (entries keyed by normalised question, as the real cache keys them), every {@code text_b} looked up. The
 * semantic candidates come from the same LSH tables and probes as the Redis cache (same settings, same
 * seed), at most {@code maxCandidates} of them ranked by shared tables; the nearest and second-nearest by
 * exact cosine are what the verifier sees. A lookup is right only when its pair is a duplicate and the entry
 * it would serve is its own {@code text_a}.
 */
final class CacheSimulation {

    /**
     * One lookup.
     *
     * @param exact the normalised question is itself an entry (served without the verifier)
     * @param candidate the nearest entry's normalised question (the exact one when {@code exact}), or null
     * @param nearest its cosine (1 when exact, NaN when no candidate)
     * @param second the second-nearest candidate's cosine, NaN when none
     * @param right serving {@code candidate} would be right
     */
    record Lookup(
            CachePair pair,
            String query,
            boolean exact,
            String candidate,
            double nearest,
            double second,
            boolean right) {

        boolean duplicate() {
            return pair.label() == 1;
        }
    }

    private CacheSimulation() {}

    static List<Lookup> run(List<CachePair> pairs, EmbeddingStore vectors, CacheSettings settings) {
        Map<String, float[]> entries = new LinkedHashMap<>();
        for (CachePair p : pairs) {
            entries.put(CacheKey.normalize(p.textA()), require(vectors, p.textA()));
        }
        List<String> ids = new ArrayList<>(entries.keySet());
        List<float[]> entryVectors = new ArrayList<>(entries.values());
        int dimension = entryVectors.get(0).length;
        Lsh lsh =
                new Lsh(dimension, settings.lshTables(), settings.lshBits(), settings.lshProbes(), settings.lshSeed());
        List<Map<Integer, List<Integer>>> tables = new ArrayList<>();
        for (int t = 0; t < settings.lshTables(); t++) {
            tables.add(new HashMap<>());
        }
        for (int i = 0; i < ids.size(); i++) {
            int[] signatures = lsh.signatures(entryVectors.get(i));
            for (int t = 0; t < signatures.length; t++) {
                tables.get(t)
                        .computeIfAbsent(signatures[t], k -> new ArrayList<>())
                        .add(i);
            }
        }
        List<Lookup> lookups = new ArrayList<>(pairs.size());
        for (CachePair p : pairs) {
            String query = CacheKey.normalize(p.textB());
            String own = CacheKey.normalize(p.textA());
            if (entries.containsKey(query)) {
                lookups.add(new Lookup(p, query, true, query, 1, Double.NaN, p.label() == 1 && query.equals(own)));
                continue;
            }
            float[] q = require(vectors, p.textB());
            Map<Integer, Integer> votes = new LinkedHashMap<>();
            List<int[]> probes = lsh.probeSignatures(q);
            for (int t = 0; t < probes.size(); t++) {
                for (int signature : probes.get(t)) {
                    for (int member : tables.get(t).getOrDefault(signature, List.of())) {
                        votes.merge(member, 1, Integer::sum);
                    }
                }
            }
            List<Integer> candidates = votes.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                    .limit(settings.maxCandidates())
                    .map(Map.Entry::getKey)
                    .toList();
            int best = -1;
            double nearest = Double.NaN;
            double second = Double.NaN;
            for (int c : candidates) {
                double cosine = Similarity.cosine(q, entryVectors.get(c));
                if (best < 0 || cosine > nearest) {
                    second = nearest;
                    nearest = cosine;
                    best = c;
                } else if (Double.isNaN(second) || cosine > second) {
                    second = cosine;
                }
            }
            String candidate = best < 0 ? null : ids.get(best);
            lookups.add(
                    new Lookup(p, query, false, candidate, nearest, second, p.label() == 1 && own.equals(candidate)));
        }
        return lookups;
    }

    private static float[] require(EmbeddingStore vectors, String text) {
        float[] v = vectors.get(text);
        if (v == null) {
            throw new IllegalStateException("no embedding stored for \"" + text + "\": fill the store first");
        }
        return v;
    }
}
