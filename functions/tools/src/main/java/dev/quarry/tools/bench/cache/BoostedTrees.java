package dev.quarry.tools.bench.cache;

import dev.quarry.cache.verify.VerifierModel.Tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gradient-boosted regression trees for the logistic loss, fitted to rows that already carry a base
 * log-odds (the logistic regression's): each round fits one tree of depth at most {@code depth} to the
 * gradient and Hessian of the loss (Newton leaf values, L2 penalty {@code lambda}), with splits searched over
 * at most {@value #BINS} quantile cut points per feature, and adds it scaled by {@code learningRate}.
 * Rounds stop when the loss on the held-out rows has not improved for {@value #PATIENCE} rounds; the trees
 * up to the best round are kept. Workshop code: deterministic for given rows, a few seconds for 10⁵ rows.
 */
public final class BoostedTrees {

    static final int BINS = 64;
    static final int PATIENCE = 30;

    public record Settings(int maxTrees, int depth, double learningRate, double lambda, double minChildHessian) {}

    private BoostedTrees() {}

    /**
     * @param base per row, the log-odds before the trees
     * @param holdout per row, whether it is held out to choose the number of trees
     * @return the trees, and in {@code report} the held-out loss per kept round
     */
    static List<Tree> fit(
            double[][] x, boolean[] y, double[] base, boolean[] holdout, Settings s, StringBuilder report) {
        int n = x.length;
        int d = x[0].length;
        double[][] cuts = new double[d][];
        int[][] bin = new int[n][d];
        for (int j = 0; j < d; j++) {
            cuts[j] = cuts(x, j);
            for (int i = 0; i < n; i++) {
                int b = Arrays.binarySearch(cuts[j], x[i][j]);
                bin[i][j] = b >= 0 ? b : -b - 1; // the first cut >= x: x <= cuts[b]
            }
        }
        double[] score = base.clone();
        List<Tree> trees = new ArrayList<>();
        double best = loss(score, y, holdout);
        int bestSize = 0;
        report.append(String.format("held-out log loss before trees %.5f", best));
        for (int round = 0; round < s.maxTrees() && trees.size() - bestSize < PATIENCE; round++) {
            double[] g = new double[n];
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-score[i]));
                g[i] = p - (y[i] ? 1 : 0);
                h[i] = Math.max(p * (1 - p), 1e-6);
            }
            Builder b = new Builder(cuts, bin, g, h, holdout, s);
            int[] rows = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!holdout[i]) {
                    rows[m++] = i;
                }
            }
            b.grow(Arrays.copyOf(rows, m), 0);
            Tree tree = b.tree();
            trees.add(tree);
            for (int i = 0; i < n; i++) {
                score[i] += tree.apply(x[i]);
            }
            double l = loss(score, y, holdout);
            if (l < best - 1e-7) {
                best = l;
                bestSize = trees.size();
            }
        }
        report.append(String.format(", after %d trees %.5f (%d grown)", bestSize, best, trees.size()));
        return List.copyOf(trees.subList(0, bestSize));
    }

    private static double loss(double[] score, boolean[] y, boolean[] holdout) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < score.length; i++) {
            if (holdout[i]) {
                double p = 1 / (1 + Math.exp(-score[i]));
                p = Math.min(1 - 1e-12, Math.max(1e-12, p));
                sum -= y[i] ? Math.log(p) : Math.log(1 - p);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Up to {@value #BINS} distinct quantiles of feature {@code j}: the candidate thresholds. */
    private static double[] cuts(double[][] x, int j) {
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i][j];
        }
        Arrays.sort(values);
        double[] cuts = new double[BINS];
        int k = 0;
        for (int q = 1; q <= BINS; q++) {
            double v = values[Math.min(values.length - 1, (int) ((long) q * values.length / BINS))];
            if (q == BINS) {
                v = values[values.length - 1];
            }
            if (k == 0 || v > cuts[k - 1]) {
                cuts[k++] = v;
            }
        }
        return Arrays.copyOf(cuts, k);
    }

    private static final class Builder {
        private final double[][] cuts;
        private final int[][] bin;
        private final double[] g;
        private final double[] h;
        private final Settings s;
        private final List<Integer> feature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<Double> value = new ArrayList<>();

        Builder(double[][] cuts, int[][] bin, double[] g, double[] h, boolean[] holdout, Settings s) {
            this.cuts = cuts;
            this.bin = bin;
            this.g = g;
            this.h = h;
            this.s = s;
        }

        /** Grows the subtree of {@code rows}; returns its node index. */
        int grow(int[] rows, int level) {
            double gs = 0;
            double hs = 0;
            for (int i : rows) {
                gs += g[i];
                hs += h[i];
            }
            int node = add(-1, 0, -s.learningRate() * gs / (hs + s.lambda()));
            if (level >= s.depth()) {
                return node;
            }
            double parent = gs * gs / (hs + s.lambda());
            double bestGain = 1e-9;
            int bestFeature = -1;
            int bestBin = -1;
            for (int j = 0; j < cuts.length; j++) {
                int k = cuts[j].length;
                double[] gb = new double[k];
                double[] hb = new double[k];
                for (int i : rows) {
                    gb[bin[i][j]] += g[i];
                    hb[bin[i][j]] += h[i];
                }
                double gl = 0;
                double hl = 0;
                for (int b = 0; b < k - 1; b++) {
                    gl += gb[b];
                    hl += hb[b];
                    double hr = hs - hl;
                    if (hl < s.minChildHessian() || hr < s.minChildHessian()) {
                        continue;
                    }
                    double gr = gs - gl;
                    double gain = gl * gl / (hl + s.lambda()) + gr * gr / (hr + s.lambda()) - parent;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestFeature = j;
                        bestBin = b;
                    }
                }
            }
            if (bestFeature < 0) {
                return node;
            }
            int j = bestFeature;
            int cut = bestBin;
            int[] l = Arrays.stream(rows).filter(i -> bin[i][j] <= cut).toArray();
            int[] r = Arrays.stream(rows).filter(i -> bin[i][j] > cut).toArray();
            feature.set(node, j);
            threshold.set(node, cuts[j][cut]);
            left.set(node, grow(l, level + 1));
            right.set(node, grow(r, level + 1));
            return node;
        }

        private int add(int f, double t, double v) {
            feature.add(f);
            threshold.add(t);
            left.add(-1);
            right.add(-1);
            value.add(v);
            return feature.size() - 1;
        }

        Tree tree() {
            int k = feature.size();
            int[] f = new int[k];
            double[] t = new double[k];
            int[] l = new int[k];
            int[] r = new int[k];
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                f[i] = feature.get(i);
                // Decimal digits enough for the features' resolution keep the weights file small; the
                // rounded tree is the one scored from here on, in training and in the cache alike.
                t[i] = Math.round(threshold.get(i) * 1e6) / 1e6;
                l[i] = left.get(i);
                r[i] = right.get(i);
                v[i] = f[i] < 0 ? Math.round(value.get(i) * 1e5) / 1e5 : 0;
            }
            return new Tree(f, t, l, r, v);
        }
    }
}
