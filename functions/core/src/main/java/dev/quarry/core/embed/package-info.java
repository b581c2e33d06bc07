/**
 * The in-process embedding model, all-MiniLM-L6-v2 through langchain4j's ONNX classes ({@link
 * dev.quarry.core.embed.OnnxEmbedder}), configured by {@code quarry.embedding.*} ({@link
 * dev.quarry.core.embed.EmbeddingConfig}).
 *
 * <h2>Facts measured here</h2>
 *
 * <ul>
 *   <li>The tokenizer JSON bundled in both model jars truncates at 128 tokens ([CLS] and [SEP] included),
 *       so langchain4j embeds only the first 126 word pieces of any text. With window 256 the embedder
 *       rewrites that limit in memory: a 200-word-piece text and its first 126 word pieces have cosine
 *       1.000 with window 128 and 0.919 with window 256; with window 256, 300 and 254 word pieces give
 *       1.000 (unit tests in {@code OnnxEmbedderTest}).
 *   <li>The model was trained on sequences of 128 tokens; 256 is the limit sentence-transformers configures
 *       for it.
 *   <li>onnxruntime 1.29.0 on Linux x86-64 needs more than 1.2 MB of native stack to create its environment
 *       and kills the JVM with SIGSEGV on a default 1 MB thread: see {@link
 *       dev.quarry.core.embed.OnnxRuntimeEnvironment}.
 *   <li>The quantized jar (1.19.0-beta29) declares langchain4j-embeddings 1.19.0-beta29; the parent POM
 *       manages that to 1.15.1-beta25 and both variants load and embed on that one class path.
 * </ul>
 *
 * <h2>Choosing the variant and window</h2>
 *
 * Vector-only retrieval, brute-force cosine over the whole corpus, each document embedded as {@code title
 * + "\n" + text} ({@code EmbeddingVariantsBenchmark}; mini-dbpedia: 40 judged queries, mini-msmarco: 43;
 * "cut" = documents longer than the window):
 *
 * <table>
 *   <caption>Quality</caption>
 *   <tr><th>variant</th><th>dbpedia nDCG@10</th><th>dbpedia R@100</th><th>dbpedia cut</th>
 *       <th>msmarco nDCG@10</th><th>msmarco R@100</th><th>msmarco cut</th></tr>
 *   <tr><td>fp32-256</td><td>0.5114</td><td>0.9424</td><td>14</td><td>0.7977</td><td>0.8032</td><td>0</td></tr>
 *   <tr><td>fp32-128</td><td>0.5102</td><td>0.9424</td><td>140</td><td>0.7982</td><td>0.8034</td><td>480</td></tr>
 *   <tr><td>quantized-256</td><td>0.5032</td><td>0.9401</td><td>14</td><td>0.7937</td><td>0.8056</td><td>0</td></tr>
 *   <tr><td>quantized-128</td><td>0.5036</td><td>0.9401</td><td>140</td><td>0.7946</td><td>0.8059</td><td>480</td></tr>
 * </table>
 *
 * Speed on the shared 2-core machine, all variants taking turns on the same 500 mini-dbpedia documents for
 * 5 rounds, median round ({@code EmbeddingSpeedBenchmark}):
 *
 * <table>
 *   <caption>Speed</caption>
 *   <tr><th>variant</th><th>documents/s</th><th>query p50 ms</th><th>query p95 ms</th></tr>
 *   <tr><td>fp32-256</td><td>148</td><td>2.47</td><td>3.23</td></tr>
 *   <tr><td>fp32-128</td><td>150</td><td>2.44</td><td>3.27</td></tr>
 *   <tr><td>quantized-256</td><td>314</td><td>1.16</td><td>1.64</td></tr>
 *   <tr><td>quantized-128</td><td>325</td><td>1.11</td><td>1.53</td></tr>
 * </table>
 *
 * The full 5,000-document runs of {@code EmbeddingVariantsBenchmark} on a quieter machine agree: fp32
 * about 150 documents/s, quantized about 330; query p50 2.5 ms against 1.3 ms; load 0.7-1.1 s against
 * 0.3 s.
 *
 * <p>Defaults: <b>fp32</b>, because quantized loses nDCG@10 on both collections (-0.008 and -0.004) for a
 * speed that matters little next to reranking and generation (query embedding is ~2.5 ms either way);
 * quantized is the choice when ingest throughput counts (2.1x). <b>Window 256</b>: it costs nothing on
 * short texts (inference cost follows the real token count, not the window), never cuts a chunk together
 * with its heading path, and the 128 window is no better on either collection.
 */
package dev.quarry.core.embed;
