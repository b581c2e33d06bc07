package dev.quarry.cache.verify;

import dev.quarry.core.port.Reranker;
import dev.quarry.models.rerank.CrossEncoderReranker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The pair model a hit verifier may read as its last feature: a cross-encoder in a directory ({@code model.onnx}
 * and {@code tokenizer.json}, as {@link CrossEncoderReranker} loads it) that scores whether two questions ask the
 * same, ideally one trained on duplicate questions. Weights trained with one record the SHA-256 of its model file,
 * so they only ever run beside the same model.
 */
public final class PairModels {

    private PairModels() {}

    /**
     * The SHA-256 (hex) of {@code dir/model.onnx}.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static String id(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        Path model = dir.resolve(CrossEncoderReranker.MODEL_FILE);
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(model), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the pair model " + model + ": " + e.getMessage() + "; it needs "
                            + CrossEncoderReranker.MODEL_FILE + " and " + CrossEncoderReranker.TOKENIZER_FILE,
                    e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Loads the cross-encoder in {@code dir} (see {@link CrossEncoderReranker#CrossEncoderReranker(Path)}). */
    public static Reranker open(Path dir) {
        return new CrossEncoderReranker(Objects.requireNonNull(dir, "dir must not be null"));
    }

    /**
     * Loads the pair model {@code weights} were trained with from {@code dir}, after checking that it is that model.
     *
     * @throws IllegalArgumentException when the weights read no pair model, or {@code dir} holds another model or
     *     none that can be read
     */
    public static Reranker open(Path dir, VerifierModel weights) {
        Objects.requireNonNull(weights, "weights must not be null");
        if (!weights.needsPairScore()) {
            throw new IllegalArgumentException("the verifier weights for " + weights.embedder()
                    + " read no pair model: leave the pair model out, or train weights with"
                    + " quarry bench cache-train --pair-model " + dir);
        }
        String found = id(dir);
        if (!found.equals(weights.pairModel())) {
            throw new IllegalArgumentException(dir + " holds model " + found + ", but the verifier weights were"
                    + " trained with " + weights.pairModel() + ": point it at that model, or retrain the weights with"
                    + " this one");
        }
        return open(dir);
    }

    /** The pair model's score of two questions: its probability, in [0, 1], that they ask the same. */
    public static double score(Reranker model, String query, String candidate) {
        return model.score(query, List.of(candidate))[0];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
