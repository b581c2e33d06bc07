package dev.quarry.tools.bench.cache;

import dev.quarry.cache.QuestionGuard;
import dev.quarry.core.query.CacheKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits and samples labelled pairs for training: a split never shares a question with another (pairs are
 * grouped by connected questions, and each group goes wholly to one side by a hash of its first question),
 * and caches are drawn with a fixed number of duplicates and non-duplicates, like the evaluation files.
 */
final class PairSplits {

    private PairSplits() {}

    /** [0] the fit side (about {@code 1 - calibrationShare}), [1] the calibration side. */
    static List<List<CachePair>> split(List<CachePair> pairs, double calibrationShare, long seed) {
        Map<String, String> parent = new HashMap<>();
        for (CachePair p : pairs) {
            union(parent, CacheKey.normalize(p.textA()), CacheKey.normalize(p.textB()));
        }
        List<CachePair> fit = new ArrayList<>();
        List<CachePair> calibration = new ArrayList<>();
        for (CachePair p : pairs) {
            String root = find(parent, CacheKey.normalize(p.textA()));
            (unit(root, seed) < calibrationShare ? calibration : fit).add(p);
        }
        return List.of(fit, calibration);
    }

    /**
     * Caches of {@code duplicates} + {@code others} pairs in which no two pairs share a question, directly or
     * through other pairs (as in the evaluation files, where nearly every question occurs once): every pass
     * shuffles the pairs, keeps one per group of connected questions, and deals both kinds into as many
     * caches as the scarcer kind fills.
     */
    static List<List<CachePair>> caches(List<CachePair> pairs, int duplicates, int others, int passes, long seed) {
        return caches(pairs, duplicates, others, passes, seed, false, p -> true);
    }

    /**
     * @param hardOthers keep only non-duplicates whose questions share a subject term ({@link
     *     QuestionGuard#compare}): related questions, like the evaluation files' "hard non-duplicates", not
     *     random pairings
     */
    static List<List<CachePair>> caches(
            List<CachePair> pairs,
            int duplicates,
            int others,
            int passes,
            long seed,
            boolean hardOthers,
            java.util.function.Predicate<CachePair> keepOther) {
        if (hardOthers) {
            pairs = pairs.stream()
                    .filter(p -> p.label() == 1 || (related(p) && keepOther.test(p)))
                    .toList();
        }
        Map<String, String> parent = new HashMap<>();
        for (CachePair p : pairs) {
            union(parent, CacheKey.normalize(p.textA()), CacheKey.normalize(p.textB()));
        }
        List<CachePair> shuffled = new ArrayList<>(pairs);
        Random random = new Random(seed);
        List<List<CachePair>> caches = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            Collections.shuffle(shuffled, random);
            java.util.Set<String> groups = new java.util.HashSet<>();
            List<CachePair> dup = new ArrayList<>();
            List<CachePair> non = new ArrayList<>();
            for (CachePair p : shuffled) {
                if (groups.add(find(parent, CacheKey.normalize(p.textA())))) {
                    (p.label() == 1 ? dup : non).add(p);
                }
            }
            int n = Math.min(dup.size() / duplicates, non.size() / others);
            for (int c = 0; c < n; c++) {
                List<CachePair> cache = new ArrayList<>(duplicates + others);
                cache.addAll(dup.subList(c * duplicates, (c + 1) * duplicates));
                cache.addAll(non.subList(c * others, (c + 1) * others));
                Collections.shuffle(cache, random);
                caches.add(cache);
            }
        }
        return caches;
    }

    /** Whether the two questions of {@code p} share a subject term ({@link QuestionGuard#compare}). */
    static boolean related(CachePair p) {
        return QuestionGuard.compare(CacheKey.normalize(p.textA()), CacheKey.normalize(p.textB()))
                        .sharedTerms()
                > 0;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }

    private static String find(Map<String, String> parent, String x) {
        String root = x;
        while (true) {
            String up = parent.getOrDefault(root, root);
            if (up.equals(root)) {
                break;
            }
            root = up;
        }
        String cur = x;
        while (!cur.equals(root)) {
            String up = parent.getOrDefault(cur, cur);
            parent.put(cur, root);
            cur = up;
        }
        parent.putIfAbsent(root, root);
        return root;
    }

    private static double unit(String text, long seed) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest((seed + ":" + text).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 7; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
