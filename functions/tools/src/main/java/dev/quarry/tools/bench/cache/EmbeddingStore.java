package dev.quarry.tools.bench.cache;

import dev.quarry.core.port.Embedder;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeddings of texts kept on disk, per embedder id, so that training and benchmarks embed each question
 * once: {@code <dir>/<id>.vec} holds records of (SHA-256 of the text, 32 bytes; {@code dimension} floats),
 * appended as they are computed, so an interrupted run keeps what it finished. Keep the directory outside
 * the repository: it holds vectors of evaluation data.
 */
public final class EmbeddingStore {

    private final Path file;
    private final int dimension;
    private final Map<String, float[]> vectors = new HashMap<>();

    private EmbeddingStore(Path file, int dimension) {
        this.file = file;
        this.dimension = dimension;
    }

    /** Opens (or starts) the store of {@code embedderId} under {@code dir}. */
    public static EmbeddingStore open(Path dir, String embedderId, int dimension) throws IOException {
        Objects.requireNonNull(dir, "dir must not be null");
        Files.createDirectories(dir);
        EmbeddingStore store = new EmbeddingStore(dir.resolve(embedderId.replace('/', '_') + ".vec"), dimension);
        store.load();
        return store;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] hash = new byte[32];
            while (true) {
                try {
                    in.readFully(hash);
                    float[] v = new float[dimension];
                    for (int i = 0; i < dimension; i++) {
                        v[i] = in.readFloat();
                    }
                    vectors.put(HexFormat.of().formatHex(hash), v);
                } catch (EOFException e) {
                    break; // a record cut short by an interrupted run is dropped
                }
            }
        }
    }

    /** The vector of {@code text}, or null when it was never embedded. */
    public float[] get(String text) {
        return vectors.get(hash(text));
    }

    public int size() {
        return vectors.size();
    }

    /** Embeds every text not stored yet, in chunks of {@code chunk}, appending each chunk to the file. */
    public void fill(Collection<String> texts, Embedder embedder, int chunk, PrintStream progress) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String text : new LinkedHashSet<>(texts)) {
            if (!vectors.containsKey(hash(text))) {
                missing.add(text);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        progress.printf("embedding %d texts with %s into %s%n", missing.size(), embedder.id(), file);
        long start = System.nanoTime();
        for (int from = 0; from < missing.size(); from += chunk) {
            List<String> part = missing.subList(from, Math.min(missing.size(), from + chunk));
            List<float[]> embedded = embedder.embedAll(part);
            try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                for (int i = 0; i < part.size(); i++) {
                    float[] v = embedded.get(i);
                    if (v.length != dimension) {
                        throw new IllegalStateException(
                                embedder.id() + " returned " + v.length + " dimensions, expected " + dimension);
                    }
                    String h = hash(part.get(i));
                    out.write(HexFormat.of().parseHex(h));
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                    vectors.put(h, v);
                }
            }
            int done = Math.min(missing.size(), from + chunk);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf(
                    "  %d / %d (%.0f texts/s, %.0f s left)%n",
                    done, missing.size(), done / seconds, (missing.size() - done) / (done / seconds));
        }
    }

    static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
