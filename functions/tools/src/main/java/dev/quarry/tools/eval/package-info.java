/**
 * Retrieval-quality helpers for {@code quarry eval} and the benchmarks: a BEIR collection reader ({@link
 * dev.quarry.tools.eval.BeirDataset}), nDCG@k and recall@k as pytrec_eval computes them ({@link
 * dev.quarry.tools.eval.RetrievalMetrics}), a paired comparison of two settings over the same queries
 * (bootstrap interval and sign-flip test, {@link dev.quarry.tools.eval.PairedComparison}), and nearest-rank latency
 * percentiles ({@link dev.quarry.tools.eval.LatencyStats}).
 */
package dev.quarry.tools.eval;
