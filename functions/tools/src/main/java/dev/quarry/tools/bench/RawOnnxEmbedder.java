package dev.quarry.tools.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.models.embed.OnnxRuntimeEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline for {@code quarry bench ingest}: the embedder's model straight on onnxruntime, its pooling
 * (mean or [CLS]) and L2 normalisation, with nothing of Quarry or langchain4j in between. Same model file, same tokenizer, same
 * window and batch size as the embedder it is compared with. Two schedules: {@code padded} runs each batch as
 * one padded tensor on onnxruntime's intra-op threads (one per core), as a reference implementation would;
 * {@code perText} runs each text of a batch as its own single-threaded inference, one per core in parallel,
 * which is how langchain4j schedules it — the pair shows what the schedule costs and what the layers cost.
 */
final class RawOnnxEmbedder implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int batchSize;
    private final ExecutorService pool;
    private final boolean clsPooling;

    RawOnnxEmbedder(
            String modelResource,
            String tokenizerResource,
            boolean clsPooling,
            int window,
            int batchSize,
            boolean perText)
            throws IOException, OrtException {
        this.clsPooling = clsPooling;
        this.environment = OnnxRuntimeEnvironment.get();
        this.batchSize = batchSize;
        int cores = Runtime.getRuntime().availableProcessors();
        this.pool = perText ? Executors.newFixedThreadPool(cores) : null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(perText ? 1 : cores);
            this.session = environment.createSession(read(modelResource), options);
        }
        try (InputStream in = RawOnnxEmbedder.class.getResourceAsStream("/" + tokenizerResource)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(
                    in,
                    Map.of(
                            "addSpecialTokens", "true",
                            "truncation", "true",
                            "padding", "false",
                            "maxLength", Integer.toString(window),
                            "modelMaxLength", Integer.toString(window)));
        }
    }

    List<float[]> embedAll(List<String> texts) throws OrtException {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            if (pool == null) {
                vectors.addAll(batch(batch));
            } else {
                List<Future<List<float[]>>> one = new ArrayList<>();
                for (String text : batch) {
                    one.add(pool.submit(() -> batch(List.of(text))));
                }
                for (Future<List<float[]>> f : one) {
                    try {
                        vectors.addAll(f.get());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            }
        }
        return vectors;
    }

    private List<float[]> batch(List<String> texts) throws OrtException {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        int n = encodings.length;
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        long[] types = new long[n * length];
        for (int i = 0; i < n; i++) {
            long[] row = encodings[i].getIds();
            System.arraycopy(row, 0, ids, i * length, row.length);
            for (int t = 0; t < row.length; t++) {
                mask[i * length + t] = 1;
            }
        }
        long[] shape = {n, length};
        try (OnnxTensor idsT = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskT = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typesT = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape);
                OrtSession.Result result =
                        session.run(Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            List<float[]> vectors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[hidden[i][0].length];
                int real = 0;
                for (int t = 0; t < (clsPooling ? 1 : length); t++) {
                    if (mask[i * length + t] == 1) {
                        real++;
                        for (int d = 0; d < v.length; d++) {
                            v[d] += hidden[i][t][d];
                        }
                    }
                }
                double norm = 0;
                for (int d = 0; d < v.length; d++) {
                    v[d] /= real;
                    norm += v[d] * v[d];
                }
                for (int d = 0; d < v.length; d++) {
                    v[d] /= (float) Math.sqrt(norm);
                }
                vectors.add(v);
            }
            return vectors;
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = RawOnnxEmbedder.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException("classpath resource " + resource + " not found");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws OrtException {
        if (pool != null) {
            pool.shutdownNow();
        }
        tokenizer.close();
        session.close();
    }
}
