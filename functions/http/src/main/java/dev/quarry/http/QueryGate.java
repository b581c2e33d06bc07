package dev.quarry.http;

import dev.quarry.core.ThrottledException;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.query.QueryResult;

/**
 * How {@code POST /v1/query} runs a validated request. The Lambda runs it directly (one request per
 * container); {@code quarry serve} supplies a gate that answers cache hits at once and bounds the misses
 * running together, refusing the excess with {@link ThrottledException} (429 with {@code Retry-After}).
 */
public interface QueryGate {

    /** Runs the query directly. */
    QueryGate DIRECT = (request, pipeline) -> pipeline.query(request);

    QueryResult run(QueryRequest request, QueryPipeline pipeline);
}
