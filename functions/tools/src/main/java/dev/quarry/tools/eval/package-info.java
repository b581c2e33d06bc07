/**
 * Retrieval-quality helpers for {@code quarry eval} and the benchmarks: a BEIR collection reader ({@link
 * dev.quarry.core.eval.BeirDataset}), nDCG@k and recall@k as pytrec_eval computes them ({@link
 * dev.quarry.core.eval.RetrievalMetrics}), and nearest-rank latency percentiles ({@link
 * dev.quarry.core.eval.LatencyStats}).
 */
package dev.quarry.core.eval;
