/**
 * The in-process embedding models ({@link dev.quarry.models.embed.EmbeddingModel}: bge-small-en-v1.5 and
 * all-MiniLM-L6-v2, fp32 and int8) through langchain4j's ONNX classes ({@link dev.quarry.models.embed.OnnxEmbedder}),
 * configured by {@code quarry.embedding.*} ({@link dev.quarry.models.embed.EmbeddingConfig}).
 *
 * <h2>Facts measured here</h2>
 *
 * <ul>
 *   <li>The tokenizer JSON bundled in the MiniLM jars truncates at 128 tokens, the bge jars' does not truncate
 *       (langchain4j would then average 510-token parts). The embedder rewrites the truncation in memory to the
 *       configured window (unit tests in {@code OnnxEmbedderTest}).
 *   <li>The bge jars are 0.36.2 (the only version served); only their resources ({@code bge-small-en-v1.5(-q).onnx}
 *       and the tokenizer) are used, run through the langchain4j-embeddings version of the build with [CLS]
 *       pooling; the vectors equal what langchain4j's own 0.36.2 class computes.
 *   <li>onnxruntime 1.29.0 on Linux x86-64 needs more than 1.2 MB of native stack to create its environment
 *       and kills the JVM with SIGSEGV on a default 1 MB thread: see {@link
 *       dev.quarry.models.embed.OnnxRuntimeEnvironment}.
 * </ul>
 *
 * <h2>Choosing the model</h2>
 *
 * Vector-only nDCG@10 / recall@100 with brute-force cosine over the whole corpus, each document embedded as
 * {@code title + "\n" + text} ({@code EmbeddingVariantsBenchmark}; mini-dbpedia 40 judged queries, mini-msmarco
 * 43); speed from {@code EmbeddingSpeedBenchmark} (models taking turns on the same texts of ~300 words, so load
 * hits all alike; the machine was shared, load average 14-19, so only the ratios mean something):
 *
 * <table>
 *   <caption>Embedding models</caption>
 *   <tr><th>model</th><th>dbpedia</th><th>msmarco</th><th>word pieces/s (ratio)</th><th>jar, unzipped</th></tr>
 *   <tr><td>all-MiniLM-L6-v2 fp32, window 256</td><td>0.5114 / 0.9424</td><td>0.7977 / 0.8032</td>
 *       <td>1.00</td><td>90 MB</td></tr>
 *   <tr><td>all-MiniLM-L6-v2 int8</td><td>0.5032 / 0.9401</td><td>0.7937 / 0.8056</td><td>1.38</td>
 *       <td>23 MB</td></tr>
 *   <tr><td>bge-small-en-v1.5 fp32, window 512</td><td>0.5194 / 0.9411</td><td>0.8118 / 0.8253</td>
 *       <td>0.39</td><td>133 MB</td></tr>
 *   <tr><td><b>bge-small-en-v1.5 int8</b></td><td>0.5185 / 0.9387</td><td>0.8127 / 0.8260</td><td>0.60</td>
 *       <td>34 MB</td></tr>
 *   <tr><td>bge int8 with the query instruction</td><td>0.4960 / 0.9293</td><td>0.8174 / 0.8248</td><td></td>
 *       <td></td></tr>
 * </table>
 *
 * The default is <b>bge-small-en-v1.5 int8 without the query instruction</b>: better than MiniLM on both sets
 * (and on BEIR's SciFact as published: 0.72 nDCG@10 against 0.645), as good as bge fp32 at 1.5x its speed and a
 * quarter of its size (fp32 would push the ingest package to Lambda's 250 MB), and reading 512 tokens, so whole
 * passages of ~350 words embed as one. The instruction costs 0.022 on mini-dbpedia for 0.005 on mini-msmarco.
 * Its price is speed: 0.6x MiniLM fp32 per word piece.
 */
package dev.quarry.models.embed;
