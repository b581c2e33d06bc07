package dev.quarry.tools.bench.cache;

import dev.quarry.cache.verify.EntryObservations;
import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.HitVerifier.Verdict;
import dev.quarry.tools.bench.cache.CacheSimulation.Lookup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Online verification on a stream of real lookups, with the pair label as the oracle: each cache's lookups
 * are replayed {@code rounds} times in a new order; a would-be hit is computed fresh with probability {@code
 * sampleRate} (and a near miss, whose answer is computed anyway, is compared for free); the outcome (the
 * label says whether serving that entry is right) is added to the entry's {@link EntryObservations}, exactly
 * as the Redis cache does. Prints hit rate and error rate (wrong served hits over served hits) per round,
 * with and without online verification.
 */
final class OnlineSimulation {

    private OnlineSimulation() {}

    static void run(
            List<List<Lookup>> caches,
            HitVerifier verifier,
            double sampleRate,
            int rounds,
            long seed,
            PrintStream out) {
        int lookupsPerRound = 0;
        long[][] served = new long[2][rounds];
        long[][] wrong = new long[2][rounds];
        long[] checks = new long[rounds];
        Random random = new Random(seed);
        for (List<Lookup> cache : caches) {
            Map<String, EntryObservations> seen = new HashMap<>();
            List<Lookup> stream = new ArrayList<>(cache);
            lookupsPerRound += stream.size();
            for (int round = 0; round < rounds; round++) {
                Collections.shuffle(stream, random);
                for (Lookup l : stream) {
                    if (l.exact()) {
                        for (int mode = 0; mode < 2; mode++) {
                            served[mode][round]++;
                            wrong[mode][round] += l.right() ? 0 : 1;
                        }
                        continue;
                    }
                    if (l.candidate() == null) {
                        continue;
                    }
                    Verdict fixed =
                            verifier.judge(l.query(), l.candidate(), l.nearest(), l.second(), EntryObservations.NONE);
                    if (fixed.serve()) {
                        served[0][round]++;
                        wrong[0][round] += l.right() ? 0 : 1;
                    }
                    EntryObservations entry = seen.getOrDefault(l.candidate(), EntryObservations.NONE);
                    Verdict online = verifier.judge(l.query(), l.candidate(), l.nearest(), l.second(), entry);
                    boolean explore = online.serve() && random.nextDouble() < sampleRate;
                    if (online.serve() && !explore) {
                        served[1][round]++;
                        wrong[1][round] += l.right() ? 0 : 1;
                    } else if (explore || online.probability() >= 0.5) {
                        seen.put(l.candidate(), entry.plus(online.probability(), l.right()));
                        checks[round]++;
                    }
                }
            }
        }
        out.printf(
                "%d caches, %d lookups a round, sample rate %.3f, max false-hit rate %.3f%n",
                caches.size(), lookupsPerRound, sampleRate, verifier.maxFalseHitRate());
        out.printf(
                "%-6s %-15s %-15s %-15s %-15s %-8s%n",
                "round", "hit_rate_fixed", "error_fixed", "hit_rate_online", "error_online", "checks");
        for (int r = 0; r < rounds; r++) {
            out.printf(
                    "%-6d %-15.4f %-15.4f %-15.4f %-15.4f %-8d%n",
                    r + 1,
                    (double) served[0][r] / lookupsPerRound,
                    served[0][r] == 0 ? 0 : (double) wrong[0][r] / served[0][r],
                    (double) served[1][r] / lookupsPerRound,
                    served[1][r] == 0 ? 0 : (double) wrong[1][r] / served[1][r],
                    checks[r]);
        }
    }
}
