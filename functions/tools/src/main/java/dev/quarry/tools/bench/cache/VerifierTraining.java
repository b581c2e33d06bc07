package dev.quarry.tools.bench.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.verify.TermWeights;
import dev.quarry.cache.verify.VerifierFeatures;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.cache.verify.VerifierModel.Tree;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.search.Similarity;
import dev.quarry.tools.bench.cache.CacheSimulation.Lookup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains the cache's hit verifier on simulated whole caches and measures it, without the evaluation file:
 *
 * <ol>
 *   <li>split the training pairs into a fit side and a calibration side that share no question;
 *   <li>deal each side into caches of {@code duplicates} + {@code others} pairs (the shape of the
 *       evaluation files) and run each cache as the Redis cache would ({@link CacheSimulation});
 *   <li>every lookup whose nearest candidate reaches {@code minCosine} is a row: {@link VerifierFeatures}
 *       and whether serving that candidate is right; fit a logistic regression on the fit side's rows, then
 *       boosted trees on what it leaves over ({@link BoostedTrees}), stopped on held-out fit caches;
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
            CacheSettings settings,
            BoostedTrees.Settings trees,
            PairScores pairModel) {}

    /** One operating point measured over caches. */
    public record Point(
            double maxFalseHitRate, double precision, double recall, double precisionP10, double recallP10, int hits) {}

    private VerifierTraining() {}

    /**
     * Fits the logistic regression and boosted trees on the fit side and measures them on calibration caches
     * of the calibration side: "related" ones (non-duplicates that share a subject term) and "hard" ones
     * (related non-duplicates whose two questions are at least as alike as the median related pair). The
     * suggested operating point comes from the hard caches alone.
     */
    public static VerifierModel train(List<CachePair> pairs, EmbeddingStore vectors, Options o, PrintStream out) {
        List<List<CachePair>> sides = PairSplits.split(pairs, o.calibrationShare(), o.seed());
        out.printf(
                "split: %d pairs to fit, %d to calibrate (no shared question)%n",
                sides.get(0).size(), sides.get(1).size());
        TermWeights terms = termWeights(sides.get(0), 2);
        out.printf(
                "idf: %d questions of the fit side, %d stems seen at least twice%n",
                terms.documents(), terms.df().size());
        VerifierFeatures featureFunction = new VerifierFeatures(terms);
        double fitCut = hardCut(sides.get(0), vectors);
        List<List<Lookup>> fitCaches = new ArrayList<>(simulate(sides.get(0), vectors, o, o.seed() + 1, Double.NaN));
        fitCaches.addAll(simulate(sides.get(0), vectors, o, o.seed() + 3, fitCut));
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Boolean> held = new ArrayList<>();
        for (int c = 0; c < fitCaches.size(); c++) {
            for (Lookup l : fitCaches.get(c)) {
                if (!l.exact() && l.candidate() != null && l.nearest() >= o.minCosine()) {
                    rows.add(
                            o.pairModel() == null
                                    ? featureFunction.of(l.query(), l.candidate(), l.nearest(), l.second())
                                    : featureFunction.of(
                                            l.query(),
                                            l.candidate(),
                                            l.nearest(),
                                            l.second(),
                                            o.pairModel().score(l.query(), l.candidate())));
                    labels.add(l.right());
                    held.add(c % 5 == 4);
                }
            }
        }
        boolean[] y = new boolean[labels.size()];
        boolean[] holdout = new boolean[labels.size()];
        long positives = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
            holdout[i] = held.get(i);
            positives += y[i] ? 1 : 0;
        }
        double[][] x = rows.toArray(double[][]::new);
        out.printf(
                "fit: %d caches (related, and hard: non-duplicate cosine >= %.4f), %d rows with nearest cosine >= %.2f"
                        + " (%d right, %d wrong)%n",
                fitCaches.size(), fitCut, rows.size(), o.minCosine(), positives, rows.size() - positives);
        LogisticRegression lr = LogisticRegression.fit(x, y, o.l2());
        out.printf("%-22s %9s%n", "feature", "weight");
        List<String> names = VerifierFeatures.names(o.pairModel() != null);
        for (int j = 0; j < lr.weights.length; j++) {
            out.printf("%-22s %9.3f%n", names.get(j), lr.weights[j]);
        }
        out.printf("%-22s %9.3f%n", "(intercept)", lr.intercept);
        VerifierModel linear = model(o, lr, List.of(), terms, null, null);
        List<Tree> trees = List.of();
        if (o.trees() != null && o.trees().maxTrees() > 0) {
            double[] base = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                base[i] = linear.logOdds(x[i]);
            }
            StringBuilder report = new StringBuilder();
            trees = BoostedTrees.fit(x, y, base, holdout, o.trees(), report);
            out.println("boosted trees on the logistic regression: " + report);
        }
        VerifierModel unmeasured = model(o, lr, trees, terms, null, null);
        double calCut = hardCut(sides.get(1), vectors);
        List<List<Lookup>> related = simulate(sides.get(1), vectors, o, o.seed() + 2, Double.NaN);
        List<List<Lookup>> hard = simulate(sides.get(1), vectors, o, o.seed() + 4, calCut);
        ObjectMapper json = new ObjectMapper();
        ObjectNode calibration = json.createObjectNode();
        if (!trees.isEmpty()) {
            out.printf("calibration split, related caches (%d), logistic regression alone:%n", related.size());
            print(curve(related, linear), reliability(related, linear), out);
            out.printf("calibration split, hard caches (%d), logistic regression alone:%n", hard.size());
            print(curve(hard, linear), reliability(hard, linear), out);
        }
        List<Point> relatedCurve = curve(related, unmeasured);
        List<Point> curve = curve(hard, unmeasured);
        List<Bin> bins = reliability(hard, unmeasured);
        out.printf("calibration split, related caches (%d):%n", related.size());
        print(relatedCurve, reliability(related, unmeasured), out);
        out.printf(
                "calibration split, hard caches (%d; non-duplicate cosine >= %.4f, the side's median):%n",
                hard.size(), calCut);
        print(curve, bins, out);
        double hardestCut = hardCut(sides.get(1), vectors, 0.75);
        List<List<Lookup>> hardest = simulate(sides.get(1), vectors, o, o.seed() + 5, hardestCut);
        List<Point> hardestCurve = curve(hardest, unmeasured);
        out.printf(
                "calibration split, hardest caches (%d; non-duplicate cosine >= %.4f, the side's upper quartile),"
                        + " for robustness only:%n",
                hardest.size(), hardestCut);
        print(hardestCurve, reliability(hardest, unmeasured), out);
        Point suggested = suggest(curve);
        out.printf(
                "suggested quarry.cache.max-false-hit-rate: %.2f (hard calibration caches: precision %.4f, recall"
                        + " %.4f; p10 over caches %.4f / %.4f: the widest margin to %.2f / %.2f)%n",
                suggested.maxFalseHitRate(),
                suggested.precision(),
                suggested.recall(),
                suggested.precisionP10(),
                suggested.recallP10(),
                FLOOR_PRECISION,
                FLOOR_RECALL);
        calibration.put("related_caches", related.size());
        calibration.set("related_curve", json.valueToTree(relatedCurve));
        calibration.put("hard_caches", hard.size());
        calibration.put("hard_min_other_cosine", calCut);
        calibration.set("hard_curve", json.valueToTree(curve));
        calibration.set("hard_reliability", json.valueToTree(bins));
        calibration.put("hardest_caches", hardest.size());
        calibration.put("hardest_min_other_cosine", hardestCut);
        calibration.set("hardest_curve", json.valueToTree(hardestCurve));
        calibration.put("rule", "widest min(precision_p10 - 0.90, recall_p10 - 0.20) over the hard calibration caches");
        calibration.put("suggested_max_false_hit_rate", suggested.maxFalseHitRate());
        ObjectNode provenance = json.createObjectNode();
        provenance.put(
                "command",
                "quarry bench cache-train --train <qqp train.json> --embedder " + o.embedder() + " --seed " + o.seed()
                        + " --passes " + o.passes() + " --trees "
                        + (o.trees() == null ? 0 : o.trees().maxTrees())
                        + (o.trees() == null
                                ? ""
                                : " --tree-depth " + o.trees().depth() + " --learning-rate "
                                        + o.trees().learningRate())
                        + (o.hardOthers() ? "" : " --all-others")
                        + (Double.isNaN(o.minOtherCosine()) ? "" : " --min-other-cosine " + o.minOtherCosine())
                        + (o.pairModel() == null
                                ? ""
                                : " --pair-model <directory of model "
                                        + o.pairModel().id() + ">"));
        provenance.put("data", "Quora Question Pairs train split (" + pairs.size() + " pairs)");
        provenance.put("fit_pairs", sides.get(0).size());
        provenance.put("calibration_pairs", sides.get(1).size());
        provenance.put("fit_caches", fitCaches.size());
        provenance.put(
                "cache_shape",
                o.duplicates() + " duplicates + " + o.others() + (o.hardOthers() ? " related" : "")
                        + " non-duplicates, no two pairs sharing a question; half the fit caches and the hard"
                        + " calibration caches keep non-duplicates at least as alike as the side's median related pair");
        provenance.put("rows", rows.size());
        provenance.put("l2", o.l2());
        if (o.trees() != null) {
            provenance.set("trees", json.valueToTree(o.trees()));
        }
        provenance.put("trees_kept", trees.size());
        provenance.put("idf", "document frequencies of Snowball stems over the fit side's distinct questions");
        provenance.put("seed", o.seed());
        return model(o, lr, trees, terms, provenance, calibration);
    }

    /** Document frequencies of word stems over the distinct normalised questions of {@code pairs}. */
    static TermWeights termWeights(List<CachePair> pairs, int minDf) {
        Set<String> questions = new HashSet<>();
        for (CachePair p : pairs) {
            questions.add(CacheKey.normalize(p.textA()));
            questions.add(CacheKey.normalize(p.textB()));
        }
        Map<String, Integer> df = new HashMap<>();
        for (String q : questions) {
            for (String stem : VerifierFeatures.stems(q)) {
                df.merge(stem, 1, Integer::sum);
            }
        }
        df.values().removeIf(n -> n < minDf);
        return new TermWeights(questions.size(), minDf, new TreeMap<>(df));
    }

    /** The median cosine between the two questions of the related non-duplicates of {@code side}. */
    static double hardCut(List<CachePair> side, EmbeddingStore vectors) {
        return hardCut(side, vectors, 0.5);
    }

    /** The {@code quantile} of the cosines between the two questions of the related non-duplicates of {@code side}. */
    static double hardCut(List<CachePair> side, EmbeddingStore vectors, double quantile) {
        double[] cosines = side.stream()
                .filter(p -> p.label() == 0 && PairSplits.related(p))
                .mapToDouble(p -> Similarity.cosine(vectors.get(p.textA()), vectors.get(p.textB())))
                .sorted()
                .toArray();
        return cosines.length == 0 ? Double.NaN : cosines[(int) (quantile * (cosines.length - 1))];
    }

    private static VerifierModel model(
            Options o,
            LogisticRegression lr,
            List<Tree> trees,
            TermWeights terms,
            JsonNode provenance,
            JsonNode calibration) {
        VerifierModel model = new VerifierModel(
                VerifierModel.FORMAT,
                o.embedder(),
                VerifierFeatures.names(o.pairModel() != null),
                lr.mean,
                lr.scale,
                lr.weights,
                lr.intercept,
                trees,
                terms,
                o.minCosine(),
                provenance,
                calibration,
                o.pairModel() == null ? null : o.pairModel().id());
        usePairModel(model, o);
        return model;
    }

    /** Measures {@code model} on {@code pairs} as one cache: the curve and the reliability table. */
    public static void evaluate(
            List<CachePair> pairs, EmbeddingStore vectors, VerifierModel model, Options o, PrintStream out) {
        usePairModel(model, o);
        List<List<Lookup>> caches = List.of(CacheSimulation.run(pairs, vectors, o.settings()));
        long exact = caches.get(0).stream().filter(Lookup::exact).count();
        out.printf("%d pairs as one cache, %d exact repeats, weights for %s%n", pairs.size(), exact, model.embedder());
        print(curve(caches, model), reliability(caches, model), out);
    }

    /**
     * Replays {@code pairs} as one cache {@code rounds} times with online verification, at the shipped
     * {@code max-false-hit-rate} and at half of it.
     */
    public static void online(
            List<CachePair> pairs,
            EmbeddingStore vectors,
            VerifierModel model,
            Options o,
            int rounds,
            double sampleRate,
            PrintStream out) {
        List<List<Lookup>> caches = List.of(CacheSimulation.run(pairs, vectors, o.settings()));
        double shipped = CacheSettings.DEFAULT_MAX_FALSE_HIT_RATE;
        for (double rate : new double[] {shipped, shipped / 2}) {
            OnlineSimulation.run(
                    caches,
                    new dev.quarry.cache.verify.HitVerifier(
                            model,
                            rate,
                            o.pairModel() == null ? null : o.pairModel().model()),
                    sampleRate,
                    rounds,
                    o.seed(),
                    out);
        }
    }

    /**
     * @param minOtherCosine keep only non-duplicates at least this alike (NaN: the option's floor, if any)
     */
    static List<List<Lookup>> simulate(
            List<CachePair> side, EmbeddingStore vectors, Options o, long seed, double minOtherCosine) {
        double floor = Double.isNaN(minOtherCosine) ? o.minOtherCosine() : minOtherCosine;
        List<List<Lookup>> caches = new ArrayList<>();
        for (List<CachePair> cache : PairSplits.caches(
                side,
                o.duplicates(),
                o.others(),
                o.passes(),
                seed,
                o.hardOthers(),
                p -> Double.isNaN(floor)
                        || Similarity.cosine(vectors.get(p.textA()), vectors.get(p.textB())) >= floor)) {
            caches.add(CacheSimulation.run(cache, vectors, o.settings()));
        }
        return caches;
    }

    /** The verifier's probability for a semantic lookup it judges (cached per model and lookup). */
    static double probability(Lookup l, VerifierModel model) {
        Map<Lookup, Double> cached = SCORES.computeIfAbsent(model, m -> new IdentityHashMap<>());
        return cached.computeIfAbsent(
                l,
                k -> model.probability(
                        k.query(),
                        k.candidate(),
                        k.nearest(),
                        k.second(),
                        () -> PAIR_MODELS.get(model).score(k.query(), k.candidate())));
    }

    private static final Map<VerifierModel, Map<Lookup, Double>> SCORES = new IdentityHashMap<>();

    /** The pair model of each model under measurement that reads one. */
    private static final Map<VerifierModel, PairScores> PAIR_MODELS = new IdentityHashMap<>();

    /**
     * Measures {@code model} with the options' pair model.
     *
     * @throws IllegalArgumentException when the model reads a pair model the options do not hold, or none
     */
    static void usePairModel(VerifierModel model, Options o) {
        String given = o.pairModel() == null ? null : o.pairModel().id();
        if (!Objects.equals(model.pairModel(), given)) {
            throw new IllegalArgumentException(
                    model.needsPairScore()
                            ? "these verifier weights were trained with pair model " + model.pairModel()
                                    + ": give its directory with --pair-model"
                                    + (given == null ? "" : " (the one given is " + given + ")")
                            : "these verifier weights read no pair model: leave out --pair-model");
        }
        if (o.pairModel() != null) {
            PAIR_MODELS.put(model, o.pairModel());
        }
    }

    /** Whether the cache serves this lookup at {@code maxFalseHitRate}. */
    static boolean served(Lookup l, VerifierModel model, double maxFalseHitRate) {
        if (l.exact()) {
            return true;
        }
        if (l.candidate() == null || l.nearest() < model.minCosine()) {
            return false;
        }
        return probability(l, model) >= 1 - maxFalseHitRate;
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
                double pWrong = 1 - probability(l, model);
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
