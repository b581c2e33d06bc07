package dev.quarry.local.bench.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.bench.CachePair;
import dev.quarry.cache.verify.VerifierFeatures;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.local.bench.cache.CacheSimulation.Lookup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains the cache's hit verifier on simulated whole caches and measures it, without the evaluation file:
 *
 * <ol>
 *   <li>split the training pairs into a fit side and a calibration side that share no question;
 *   <li>deal each side into caches of {@code duplicates} + {@code others} pairs (the shape of the
 *       evaluation files) and run each cache as the Redis cache would ({@link CacheSimulation});
 *   <li>every lookup whose nearest candidate reaches {@code minCosine} is a row: {@link VerifierFeatures}
 *       and whether serving that candidate is right; fit a logistic regression on the fit side's rows;
 *   <li>on the calibration side, measure precision and recall per maximum false-hit rate (pooled, and the
 *       10th percentile over caches) and the reliability of the predicted probabilities.
 * </ol>
 */
public final class VerifierTraining {

    /** The maximum false-hit rates measured. */
    static final double[] RATES = {
        0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.12, 0.15, 0.20, 0.30, 0.50
    };

    /** The acceptance floors the suggested default keeps the widest margin to: precision and recall. */
    static final double FLOOR_PRECISION = 0.90;

    static final double FLOOR_RECALL = 0.20;

    /** Reliability bins of the predicted probability that a hit is wrong. */
    static final double[] BINS = {0, 0.02, 0.05, 0.10, 0.20, 0.30, 0.50, 1.0001};

    public record Options(
            String embedder,
            double calibrationShare,
            int duplicates,
            int others,
            int passes,
            double minCosine,
            double l2,
            long seed,
            boolean hardOthers,
            double minOtherCosine,
            CacheSettings settings) {}

    /** One operating point measured over caches. */
    public record Point(
            double maxFalseHitRate, double precision, double recall, double precisionP10, double recallP10, int hits) {}

    private VerifierTraining() {}

    /** Fits weights on the fit side and measures them on the calibration side. */
    public static VerifierModel train(List<CachePair> pairs, EmbeddingStore vectors, Options o, PrintStream out) {
        List<List<CachePair>> sides = PairSplits.split(pairs, o.calibrationShare(), o.seed());
        out.printf(
                "split: %d pairs to fit, %d to calibrate (no shared question)%n",
                sides.get(0).size(), sides.get(1).size());
        List<List<Lookup>> fitCaches = simulate(sides.get(0), vectors, o, o.seed() + 1);
        List<List<Lookup>> calCaches = simulate(sides.get(1), vectors, o, o.seed() + 2);
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (List<Lookup> cache : fitCaches) {
            for (Lookup l : cache) {
                if (!l.exact() && l.candidate() != null && l.nearest() >= o.minCosine()) {
                    rows.add(features(l));
                    labels.add(l.right());
                }
            }
        }
        boolean[] y = new boolean[labels.size()];
        long positives = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
            positives += y[i] ? 1 : 0;
        }
        out.printf(
                "fit: %d caches, %d rows with nearest cosine >= %.2f (%d right, %d wrong)%n",
                fitCaches.size(), rows.size(), o.minCosine(), positives, rows.size() - positives);
        LogisticRegression lr = LogisticRegression.fit(rows.toArray(double[][]::new), y, o.l2());
        out.printf("%-22s %9s%n", "feature", "weight");
        for (int j = 0; j < lr.weights.length; j++) {
            out.printf("%-22s %9.3f%n", VerifierFeatures.NAMES.get(j), lr.weights[j]);
        }
        out.printf("%-22s %9.3f%n", "(intercept)", lr.intercept);
        VerifierModel unmeasured = model(o, lr, null, null);
        ObjectMapper json = new ObjectMapper();
        ObjectNode calibration = json.createObjectNode();
        calibration.put("caches", calCaches.size());
        calibration.set("curve", json.valueToTree(curve(calCaches, unmeasured)));
        calibration.set("reliability", json.valueToTree(reliability(calCaches, unmeasured)));
        calibration.put("rule", "widest min(precision_p10 - 0.90, recall_p10 - 0.20) over calibration caches");
        List<Point> curve = curve(calCaches, unmeasured);
        List<Bin> bins = reliability(calCaches, unmeasured);
        out.printf("calibration split, %d caches:%n", calCaches.size());
        print(curve, bins, out);
        Point suggested = suggest(curve);
        out.printf(
                "suggested quarry.cache.max-false-hit-rate: %.2f (calibration precision %.4f, recall %.4f;"
                        + " p10 over caches %.4f / %.4f: the widest margin to %.2f / %.2f)%n",
                suggested.maxFalseHitRate(),
                suggested.precision(),
                suggested.recall(),
                suggested.precisionP10(),
                suggested.recallP10(),
                FLOOR_PRECISION,
                FLOOR_RECALL);
        calibration.put("suggested_max_false_hit_rate", suggested.maxFalseHitRate());
        ObjectNode provenance = json.createObjectNode();
        provenance.put(
                "command",
                "quarry bench cache-train --train <qqp train.json> --embedder " + o.embedder() + " --seed " + o.seed()
                        + " --passes " + o.passes() + (o.hardOthers() ? "" : " --all-others")
                        + (Double.isNaN(o.minOtherCosine()) ? "" : " --min-other-cosine " + o.minOtherCosine()));
        provenance.put("data", "Quora Question Pairs train split (" + pairs.size() + " pairs)");
        provenance.put("fit_pairs", sides.get(0).size());
        provenance.put("calibration_pairs", sides.get(1).size());
        provenance.put("fit_caches", fitCaches.size());
        provenance.put(
                "cache_shape",
                o.duplicates() + " duplicates + " + o.others() + (o.hardOthers() ? " related" : "")
                        + " non-duplicates, no two pairs sharing a question");
        provenance.put("rows", rows.size());
        provenance.put("l2", o.l2());
        provenance.put("seed", o.seed());
        return model(o, lr, provenance, calibration);
    }

    private static VerifierModel model(Options o, LogisticRegression lr, JsonNode provenance, JsonNode calibration) {
        return new VerifierModel(
                VerifierModel.FORMAT,
                o.embedder(),
                VerifierFeatures.NAMES,
                lr.mean,
                lr.scale,
                lr.weights,
                lr.intercept,
                o.minCosine(),
                provenance,
                calibration);
    }

    /** Measures {@code model} on {@code pairs} as one cache: the curve and the reliability table. */
    public static void evaluate(
            List<CachePair> pairs, EmbeddingStore vectors, VerifierModel model, Options o, PrintStream out) {
        List<List<Lookup>> caches = List.of(CacheSimulation.run(pairs, vectors, o.settings()));
        long exact = caches.get(0).stream().filter(Lookup::exact).count();
        out.printf("%d pairs as one cache, %d exact repeats, weights for %s%n", pairs.size(), exact, model.embedder());
        print(curve(caches, model), reliability(caches, model), out);
    }

    /** Replays {@code pairs} as one cache {@code rounds} times with online verification, at 0.10 and 0.05. */
    public static void online(
            List<CachePair> pairs,
            EmbeddingStore vectors,
            VerifierModel model,
            Options o,
            int rounds,
            double sampleRate,
            PrintStream out) {
        List<List<Lookup>> caches = List.of(CacheSimulation.run(pairs, vectors, o.settings()));
        for (double rate : new double[] {0.10, 0.05}) {
            OnlineSimulation.run(
                    caches, new dev.quarry.cache.verify.HitVerifier(model, rate), sampleRate, rounds, o.seed(), out);
        }
    }

    static List<List<Lookup>> simulate(List<CachePair> side, EmbeddingStore vectors, Options o, long seed) {
        List<List<Lookup>> caches = new ArrayList<>();
        for (List<CachePair> cache : PairSplits.caches(
                side,
                o.duplicates(),
                o.others(),
                o.passes(),
                seed,
                o.hardOthers(),
                p -> Double.isNaN(o.minOtherCosine())
                        || dev.quarry.cache.Lsh.cosine(vectors.get(p.textA()), vectors.get(p.textB()))
                                >= o.minOtherCosine())) {
            caches.add(CacheSimulation.run(cache, vectors, o.settings()));
        }
        return caches;
    }

    static double[] features(Lookup l) {
        return VerifierFeatures.of(l.query(), l.candidate(), l.nearest(), l.second());
    }

    /** Whether the cache serves this lookup at {@code maxFalseHitRate}, and the verifier's probability. */
    static boolean served(Lookup l, VerifierModel model, double maxFalseHitRate) {
        if (l.exact()) {
            return true;
        }
        if (l.candidate() == null || l.nearest() < model.minCosine()) {
            return false;
        }
        return model.probability(features(l)) >= 1 - maxFalseHitRate;
    }

    static List<Point> curve(List<List<Lookup>> caches, VerifierModel model) {
        List<Point> points = new ArrayList<>();
        for (double rate : RATES) {
            points.add(point(caches, model, rate));
        }
        return points;
    }

    static Point point(List<List<Lookup>> caches, VerifierModel model, double rate) {
        long hits = 0;
        long right = 0;
        long positives = 0;
        double[] precisions = new double[caches.size()];
        double[] recalls = new double[caches.size()];
        for (int c = 0; c < caches.size(); c++) {
            long h = 0;
            long r = 0;
            long p = 0;
            for (Lookup l : caches.get(c)) {
                p += l.duplicate() ? 1 : 0;
                if (served(l, model, rate)) {
                    h++;
                    r += l.right() ? 1 : 0;
                }
            }
            precisions[c] = h == 0 ? 1 : (double) r / h;
            recalls[c] = p == 0 ? 0 : (double) r / p;
            hits += h;
            right += r;
            positives += p;
        }
        return new Point(
                rate,
                hits == 0 ? 1 : (double) right / hits,
                positives == 0 ? 0 : (double) right / positives,
                percentile(precisions, 0.10),
                percentile(recalls, 0.10),
                (int) hits);
    }

    /** One reliability bin: semantic would-be hits whose predicted probability of being wrong is in it. */
    public record Bin(double from, double to, int lookups, double predictedWrong, double observedWrong) {}

    static List<Bin> reliability(List<List<Lookup>> caches, VerifierModel model) {
        int k = BINS.length - 1;
        int[] n = new int[k];
        double[] predicted = new double[k];
        int[] wrong = new int[k];
        for (List<Lookup> cache : caches) {
            for (Lookup l : cache) {
                if (l.exact() || l.candidate() == null || l.nearest() < model.minCosine()) {
                    continue;
                }
                double pWrong = 1 - model.probability(features(l));
                for (int b = 0; b < k; b++) {
                    if (pWrong >= BINS[b] && pWrong < BINS[b + 1]) {
                        n[b]++;
                        predicted[b] += pWrong;
                        wrong[b] += l.right() ? 0 : 1;
                        break;
                    }
                }
            }
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            bins.add(new Bin(
                    BINS[b],
                    Math.min(1, BINS[b + 1]),
                    n[b],
                    n[b] == 0 ? 0 : predicted[b] / n[b],
                    n[b] == 0 ? 0 : (double) wrong[b] / n[b]));
        }
        return bins;
    }

    static void print(List<Point> curve, List<Bin> bins, PrintStream out) {
        out.printf(
                "%-18s %-9s %-7s %-14s %-11s %-6s%n",
                "max_false_hit_rate", "precision", "recall", "precision_p10", "recall_p10", "hits");
        for (Point p : curve) {
            out.printf(
                    "%-18.3f %-9.4f %-7.4f %-14.4f %-11.4f %-6d%n",
                    p.maxFalseHitRate(), p.precision(), p.recall(), p.precisionP10(), p.recallP10(), p.hits());
        }
        out.printf("%-13s %-8s %-15s %-14s%n", "p_wrong_bin", "lookups", "predicted_wrong", "observed_wrong");
        for (Bin b : bins) {
            out.printf(
                    "%-13s %-8d %-15.4f %-14.4f%n",
                    String.format("%.2f-%.2f", b.from(), b.to()), b.lookups(), b.predictedWrong(), b.observedWrong());
        }
    }

    /**
     * The suggested {@code max-false-hit-rate}: the bound whose calibration caches keep the widest margin to
     * both floors, {@code min(precision_p10 - 0.90, recall_p10 - 0.20)} largest. The 10th percentiles over
     * caches of the evaluation files' size stand for one unseen file of that size.
     */
    static Point suggest(List<Point> curve) {
        Point best = curve.get(0);
        for (Point p : curve) {
            if (margin(p) > margin(best)) {
                best = p;
            }
        }
        return best;
    }

    static double margin(Point p) {
        return Math.min(p.precisionP10() - FLOOR_PRECISION, p.recallP10() - FLOOR_RECALL);
    }

    private static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
