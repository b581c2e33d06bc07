package dev.quarry.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random-hyperplane locality-sensitive hashing (SimHash) with multi-probe: each of {@code tables} tables
 * maps a vector to {@code bits} sign bits against Gaussian hyperplanes drawn from a fixed seed, so every
 * process that shares the seed computes the same buckets. Two vectors at angle θ agree on one bit with
 * probability 1 − θ/π; probing, per table, also the buckets that flip the bits the query lies closest to
 * recovers near neighbours that fell just across a hyperplane.
 */
public final class Lsh {

    private final int tables;
    private final int bits;
    private final int probes;
    private final int dimension;
    /** [table][bit][dimension] */
    private final float[][][] planes;

    public Lsh(int dimension, int tables, int bits, int probes, long seed) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
        this.dimension = dimension;
        this.tables = tables;
        this.bits = bits;
        this.probes = probes;
        SplittableRandom random = new SplittableRandom(seed);
        planes = new float[tables][bits][dimension];
        for (int t = 0; t < tables; t++) {
            for (int b = 0; b < bits; b++) {
                for (int d = 0; d < dimension; d++) {
                    planes[t][b][d] = (float) gaussian(random);
                }
            }
        }
    }

    int dimension() {
        return dimension;
    }

    /** The bucket of {@code vector} in each table (one signature per table). */
    public int[] signatures(float[] vector) {
        int[] result = new int[tables];
        for (int t = 0; t < tables; t++) {
            int signature = 0;
            for (int b = 0; b < bits; b++) {
                if (dot(planes[t][b], vector) >= 0) {
                    signature |= 1 << b;
                }
            }
            result[t] = signature;
        }
        return result;
    }

    /**
     * The buckets to probe per table: the vector's own first, then {@code probes} buckets that each flip
     * one of the bits with the smallest margin |plane · vector|.
     */
    public List<int[]> probeSignatures(float[] vector) {
        List<int[]> result = new ArrayList<>(tables);
        for (int t = 0; t < tables; t++) {
            double[] margins = new double[bits];
            int signature = 0;
            for (int b = 0; b < bits; b++) {
                double m = dot(planes[t][b], vector);
                margins[b] = Math.abs(m);
                if (m >= 0) {
                    signature |= 1 << b;
                }
            }
            int[] probed = new int[1 + probes];
            probed[0] = signature;
            boolean[] used = new boolean[bits];
            for (int p = 0; p < probes; p++) {
                int closest = -1;
                for (int b = 0; b < bits; b++) {
                    if (!used[b] && (closest < 0 || margins[b] < margins[closest])) {
                        closest = b;
                    }
                }
                used[closest] = true;
                probed[1 + p] = signature ^ (1 << closest);
            }
            result.add(probed);
        }
        return result;
    }

    private double dot(float[] plane, float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "query vector has " + vector.length + " dimensions, the cache hashes " + dimension);
        }
        double sum = 0;
        for (int d = 0; d < dimension; d++) {
            sum += plane[d] * vector[d];
        }
        return sum;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
