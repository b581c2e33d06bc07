package dev.quarry.tools.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.RedisAnswerCache;
import dev.quarry.cache.RedisCorpusVersion;
import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.core.model.Answer;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.query.QueryResult.Timings;
import dev.quarry.tools.eval.LatencyStats;
import io.vertx.mutiny.redis.client.Redis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Measures the semantic cache on labelled question pairs against a real Redis: per operating point, stores an
 * answer for every {@code text_a} (in a fresh tenant), looks up every {@code text_b}, and counts which
 * lookups hit and whether the hit is right. A hit is right when the pair is labelled 1 and the answer
 * served is the one stored for its {@code text_a}; every hit on a label-0 pair is a false hit.
 */
public final class CacheBenchmark {

    /**
     * One operating point to measure.
     *
     * @param threshold the cosine floor of the nearest candidate
     * @param maxFalseHitRate the verifier's bound (ignored without a verifier)
     * @param verifier judge hits with the verifier (false: cosine alone)
     * @param isDefault the shipped defaults
     */
    public record Point(double threshold, double maxFalseHitRate, boolean verifier, boolean isDefault) {}

    /**
     * One operating point's numbers. Latency is the cache lookup alone (the query embedding is not counted).
     * {@code exactOtherHits} counts hits whose entry is the looked-up question itself (same normalised text,
     * so the same cache entry) stored as another pair's {@code text_a}, not this pair's: the exact path serves
     * them whatever the verifier says, and the protocol counts every one of them wrong.
     */
    public record Row(
            Point point,
            double threshold,
            double precision,
            double recall,
            double falseHitRate,
            double latencyMsP50,
            double latencyMsP95,
            int hits,
            int correctHits,
            int positives,
            int negatives,
            int falseHits,
            int bypasses,
            int exactOtherHits,
            List<WrongHit> wrongHits) {

        /** Wrong hits of {@code kind}. */
        public long wrong(WrongKind kind) {
            return wrongHits.stream().filter(w -> w.kind() == kind).count();
        }
    }

    /** Why the protocol counts a hit wrong. */
    public enum WrongKind {
        /** The pair is labelled "not the same question" and something was served. */
        NON_DUPLICATE,
        /** The pair is a duplicate, but the entry served is another pair's question, not its own. */
        ANOTHER_ENTRY,
        /** The entry served holds the looked-up question itself, stored for another pair (the exact path). */
        EXACT_OTHER
    }

    /**
     * One wrong hit, for people to judge (labels are noisy: many "non-duplicates" served are paraphrases).
     *
     * @param query the looked-up {@code text_b}
     * @param served the normalised question of the entry served
     * @param own the pair's {@code text_a}
     */
    public record WrongHit(WrongKind kind, String query, String served, String own) {}

    private static final String PARAMETERS = "bench";
    private static final String ANSWER_PREFIX = "answer to: ";

    private final Redis redis;
    private final Function<String, float[]> embed;
    private final Optional<VerifierModel> model;
    private final Reranker pairModel;

    /**
     * @param embed the query embedding of a question (an embedder, or vectors computed before)
     * @param model the verifier's weights for that embedder; empty measures the exact path only, or cosine
     *     alone at points without the verifier
     */
    public CacheBenchmark(Redis redis, Function<String, float[]> embed, Optional<VerifierModel> model) {
        this(redis, embed, model, null);
    }

    /** @param pairModel the pair model the weights were trained with, null when they read none */
    public CacheBenchmark(
            Redis redis, Function<String, float[]> embed, Optional<VerifierModel> model, Reranker pairModel) {
        this.redis = redis;
        this.embed = embed;
        this.model = model;
        this.pairModel = pairModel;
    }

    public CacheBenchmark(Redis redis, Embedder embedder) {
        this(redis, embedder::embed, VerifierModel.shipped(embedder.id()));
    }

    public List<Row> run(List<CachePair> pairs, List<Point> points, CacheSettings base) {
        Map<String, float[]> vectors = new HashMap<>();
        for (CachePair pair : pairs) {
            vectors.computeIfAbsent(pair.textA(), embed);
            vectors.computeIfAbsent(pair.textB(), embed);
        }
        List<Row> rows = new ArrayList<>();
        for (Point point : points) {
            CacheSettings settings = base.withThreshold(point.threshold())
                    .withVerifier(point.verifier())
                    .withMaxFalseHitRate(point.maxFalseHitRate())
                    .withVerifySampleRate(0);
            rows.add(runOne(pairs, vectors, settings, point));
        }
        return rows;
    }

    private Row runOne(List<CachePair> pairs, Map<String, float[]> vectors, CacheSettings settings, Point point) {
        Optional<HitVerifier> verifier = model.map(m -> new HitVerifier(m, settings.maxFalseHitRate(), pairModel));
        RedisAnswerCache cache = new RedisAnswerCache(redis, settings, Clock.systemUTC(), verifier);
        String tenant = "bench-" + UUID.randomUUID();
        long generation = cache.corpusGeneration(tenant);
        for (CachePair pair : pairs) {
            cache.store(key(tenant, generation, pair.textA(), vectors), answerFor(pair.textA()));
        }
        int hits = 0;
        int correct = 0;
        int positives = 0;
        int negatives = 0;
        int falseHits = 0;
        int bypasses = 0;
        int exactOther = 0;
        List<WrongHit> wrong = new ArrayList<>();
        List<Long> nanos = new ArrayList<>(pairs.size());
        for (CachePair pair : pairs) {
            CacheKey key = key(tenant, generation, pair.textB(), vectors);
            long before = cache.metrics().snapshot().bypasses();
            long start = System.nanoTime();
            Optional<QueryResult> served = cache.lookup(key);
            nanos.add(System.nanoTime() - start);
            if (cache.metrics().snapshot().bypasses() > before) {
                bypasses++;
            }
            if (pair.label() == 1) {
                positives++;
            } else {
                negatives++;
            }
            if (served.isEmpty()) {
                continue;
            }
            hits++;
            String servedText = served.get().answer().text();
            boolean isExactOther = !CacheKey.normalize(pair.textB()).equals(CacheKey.normalize(pair.textA()))
                    && servedText.equals(answerFor(pair.textB()).answer().text());
            if (isExactOther) {
                exactOther++;
            }
            boolean right = pair.label() == 1
                    && served.get()
                            .answer()
                            .text()
                            .equals(answerFor(pair.textA()).answer().text());
            if (right) {
                correct++;
            } else {
                if (pair.label() == 0) {
                    falseHits++;
                }
                WrongKind kind = isExactOther
                        ? WrongKind.EXACT_OTHER
                        : pair.label() == 0 ? WrongKind.NON_DUPLICATE : WrongKind.ANOTHER_ENTRY;
                wrong.add(new WrongHit(kind, pair.textB(), servedText.substring(ANSWER_PREFIX.length()), pair.textA()));
            }
        }
        new RedisCorpusVersion(redis, settings.timeout()).bump(tenant); // leaves the bench entries to expire
        LatencyStats latency = LatencyStats.ofNanos(nanos);
        return new Row(
                point,
                settings.threshold(),
                hits == 0 ? 1.0 : (double) correct / hits,
                positives == 0 ? 0 : (double) correct / positives,
                negatives == 0 ? 0 : (double) falseHits / negatives,
                latency.p50Millis(),
                latency.p95Millis(),
                hits,
                correct,
                positives,
                negatives,
                falseHits,
                bypasses,
                exactOther,
                List.copyOf(wrong));
    }

    private static CacheKey key(String tenant, long generation, String text, Map<String, float[]> vectors) {
        return new CacheKey(tenant, generation, CacheKey.normalize(text), PARAMETERS, vectors.get(text));
    }

    private static QueryResult answerFor(String question) {
        return new QueryResult(
                new Answer(ANSWER_PREFIX + CacheKey.normalize(question), List.of()),
                List.of(),
                CacheStatus.MISS,
                false,
                "bench",
                Timings.NONE);
    }
}
