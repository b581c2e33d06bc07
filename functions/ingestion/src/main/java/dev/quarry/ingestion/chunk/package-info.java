/**
 * Token-aware chunking ({@link dev.quarry.ingestion.chunk.Chunker}), configured by {@code quarry.chunking.*}
 * ({@link dev.quarry.ingestion.chunk.ChunkingConfig}).
 *
 * <h2>Choosing the chunk size</h2>
 *
 * <p>The default is now the embedding model's whole window (510 word pieces for bge-small-en-v1.5, 15 % overlap):
 * chunking short passages hurts the keyword leg most, since each chunk is scored by BM25 on its own words only
 * (README, "Retrieval quality": the small-chunk stress runs). The table below is the earlier measurement with
 * all-MiniLM-L6-v2, on sets whose documents fit one chunk.
 *
 * BEIR documents chunked as one-page documents with the title as level-1 heading, each chunk embedded as
 * {@code Chunker.embeddingText} with fp32-256, a document scored by its best chunk, overlap 15 % ({@code
 * ChunkSizeBenchmark}; "split" = documents that became more than one chunk):
 *
 * <table>
 *   <caption>Chunk size</caption>
 *   <tr><th>max / overlap</th><th>dbpedia chunks</th><th>split</th><th>nDCG@10</th><th>R@100</th>
 *       <th>msmarco chunks</th><th>split</th><th>nDCG@10</th><th>R@100</th></tr>
 *   <tr><td>64 / 9</td><td>8809</td><td>3151</td><td>0.4878</td><td>0.9369</td>
 *       <td>9090</td><td>2949</td><td>0.7899</td><td>0.8104</td></tr>
 *   <tr><td>128 / 19</td><td>5116</td><td>95</td><td>0.5182</td><td>0.9407</td>
 *       <td>5459</td><td>433</td><td>0.7993</td><td>0.8042</td></tr>
 *   <tr><td>200 / 30</td><td>5023</td><td>20</td><td>0.5129</td><td>0.9419</td>
 *       <td>5010</td><td>10</td><td>0.7976</td><td>0.8032</td></tr>
 *   <tr><td>254 / 38</td><td>5015</td><td>14</td><td>0.5174</td><td>0.9424</td>
 *       <td>5000</td><td>0</td><td>0.7977</td><td>0.8032</td></tr>
 * </table>
 *
 * 64 is worse on mini-dbpedia (-0.03 nDCG@10). 128, 200 and 254 differ by less than the noise of 40-43
 * queries (these passages are short: few documents are split at all), with 128 ahead on both. The default
 * is <b>128 with 19 overlap</b>: measured at least as good as longer chunks, the sequence length the model
 * was trained on, and finer citations; it costs up to a few percent more chunks here (more on long
 * documents). The 256 window leaves the rest for the heading path.
 */
package dev.quarry.ingestion.chunk;
