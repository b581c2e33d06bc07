/**
 * Reranking with a cross-encoder: {@link dev.quarry.models.rerank.CrossEncoderReranker} reads each hybrid-search
 * candidate together with the query and returns a relevance probability, configured by
 * {@link dev.quarry.models.rerank.RerankConfig} ({@code quarry.rerank.*}). With no model directory configured,
 * {@link dev.quarry.models.rerank.CrossEncoderReranker#fromConfig} returns none and queries keep the
 * hybrid-search order.
 */
package dev.quarry.models.rerank;
