package dev.quarry.cache.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The hit verifier's weights: a logistic regression over {@link VerifierFeatures}, standardised, plus
 * boosted regression trees fitted to what it leaves over (its log-odds are the trees' starting point), whose
 * output is the probability that serving the nearest cached question's answer is right: {@code σ(intercept
 * + Σ weight·(x - mean)/scale + Σ tree(x))}. Without trees it is the logistic regression alone. Weights are made
 * for one query embedder (cosines of another embedder mean something else) and one feature list; both are
 * recorded and checked on load. They ship as {@code dev/quarry/cache/verifier/<embedder id>.json} and are
 * made by {@code quarry bench cache-train}.
 *
 * @param format {@value #FORMAT}
 * @param embedder the {@link dev.quarry.core.port.Embedder#id()} the weights were trained on
 * @param features feature names, in {@link VerifierFeatures#NAMES} order
 * @param mean per-feature mean subtracted before weighing
 * @param scale per-feature standard deviation divided by before weighing
 * @param weights per-feature weight of the standardised value
 * @param intercept the bias
 * @param trees boosted regression trees over the raw features, added to the log-odds (may be empty)
 * @param terms document frequencies of word stems for the IDF-weighted features
 * @param minCosine nearest candidates below this cosine are never served (they were not in training)
 * @param provenance how the weights were made (command, data, seed, sizes), for people
 * @param calibration measurements on the calibration split, for people
 * @param pairModel the SHA-256 of the pair model's {@code model.onnx} ({@link PairModels}) whose score is the
 *     last feature, {@link VerifierFeatures#PAIR_SCORE}; null for weights trained without one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifierModel(
        @JsonProperty("format") String format,
        @JsonProperty("embedder") String embedder,
        @JsonProperty("features") List<String> features,
        @JsonProperty("mean") double[] mean,
        @JsonProperty("scale") double[] scale,
        @JsonProperty("weights") double[] weights,
        @JsonProperty("intercept") double intercept,
        @JsonProperty("trees") List<Tree> trees,
        @JsonProperty("idf") TermWeights terms,
        @JsonProperty("min_cosine") double minCosine,
        @JsonProperty("provenance") JsonNode provenance,
        @JsonProperty("calibration") JsonNode calibration,
        @JsonProperty("pair_model") String pairModel) {

    public static final String FORMAT = "quarry-cache-verifier/2";
    private static final ObjectMapper JSON = new ObjectMapper();

    public VerifierModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("verifier weights have format " + format + ", this build reads " + FORMAT
                    + ": retrain them with quarry bench cache-train");
        }
        Objects.requireNonNull(embedder, "embedder must not be null");
        List<String> expected = VerifierFeatures.names(pairModel != null);
        if (!expected.equals(features)) {
            throw new IllegalArgumentException(
                    "verifier weights for " + embedder + " use features " + features + ", this build computes "
                            + expected + (pairModel == null ? "" : " with pair model " + pairModel)
                            + ": retrain them with quarry bench cache-train");
        }
        int n = features.size();
        if (mean == null
                || scale == null
                || weights == null
                || mean.length != n
                || scale.length != n
                || weights.length != n) {
            throw new IllegalArgumentException(
                    "verifier weights for " + embedder + " need mean, scale and weights of " + n + " values each");
        }
        for (double s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("verifier weights for " + embedder + " have a scale <= 0");
            }
        }
        trees = trees == null ? List.of() : List.copyOf(trees);
        for (Tree tree : trees) {
            tree.check(n, embedder);
        }
        Objects.requireNonNull(terms, "verifier weights for " + embedder + " need idf (document frequencies)");
    }

    /**
     * One regression tree in arrays: node {@code i} is a leaf worth {@code value[i]} when {@code feature[i] <
     * 0}, otherwise it sends a row to {@code left[i]} when {@code x[feature[i]] <= threshold[i]} and to
     * {@code right[i]} else. Node 0 is the root.
     */
    public record Tree(
            @JsonProperty("feature") int[] feature,
            @JsonProperty("threshold") double[] threshold,
            @JsonProperty("left") int[] left,
            @JsonProperty("right") int[] right,
            @JsonProperty("value") double[] value) {

        public double apply(double[] x) {
            int node = 0;
            for (int step = 0; feature[node] >= 0 && step < feature.length; step++) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return value[node];
        }

        void check(int features, String embedder) {
            int k = feature == null ? 0 : feature.length;
            if (k == 0
                    || threshold == null
                    || left == null
                    || right == null
                    || value == null
                    || threshold.length != k
                    || left.length != k
                    || right.length != k
                    || value.length != k) {
                throw new IllegalArgumentException(
                        "verifier weights for " + embedder + " hold a tree whose arrays are missing or unequal");
            }
            for (int i = 0; i < k; i++) {
                if (feature[i] >= features
                        || (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= k || right[i] >= k))) {
                    throw new IllegalArgumentException(
                            "verifier weights for " + embedder + " hold a malformed tree at node " + i);
                }
            }
        }
    }

    /** The features these weights read, with their document frequencies. */
    public VerifierFeatures featureFunction() {
        return new VerifierFeatures(terms);
    }

    /**
     * The probability that serving {@code candidate} for {@code query} is right (see {@link VerifierFeatures#of}),
     * for weights trained without a pair model.
     *
     * @throws IllegalStateException when these weights need the pair model's score
     */
    public double probability(String query, String candidate, double nearest, double second) {
        if (needsPairScore()) {
            throw new IllegalStateException("verifier weights for " + embedder + " were trained with pair model "
                    + pairModel + ": give its score");
        }
        return probability(featureFunction().of(query, candidate, nearest, second));
    }

    /**
     * The probability that serving {@code candidate} for {@code query} is right.
     *
     * @param pairScore the pair model's score of the two questions, read only when {@link #needsPairScore()}
     */
    public double probability(String query, String candidate, double nearest, double second, DoubleSupplier pairScore) {
        VerifierFeatures f = featureFunction();
        return probability(
                needsPairScore()
                        ? f.of(query, candidate, nearest, second, pairScore.getAsDouble())
                        : f.of(query, candidate, nearest, second));
    }

    /** Whether these weights read a pair model's score ({@link #pairModel()} names it). */
    public boolean needsPairScore() {
        return pairModel != null;
    }

    /** The probability that the hit described by {@code features} is right. */
    public double probability(double[] features) {
        return 1 / (1 + Math.exp(-logOdds(features)));
    }

    /** The log-odds that the hit described by {@code features} is right. */
    public double logOdds(double[] features) {
        double z = intercept;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (features[i] - mean[i]) / scale[i];
        }
        for (Tree tree : trees) {
            z += tree.apply(features);
        }
        return z;
    }

    /**
     * The weights shipped for {@code embedderId}, or empty when none were trained for it.
     *
     * @throws IllegalStateException when the resource exists but cannot be read or names another embedder
     */
    public static Optional<VerifierModel> shipped(String embedderId) {
        String resource = "/dev/quarry/cache/verifier/" + embedderId + ".json";
        try (InputStream in = VerifierModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(read(in).requireEmbedder(embedderId));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not read the shipped verifier weights " + resource, e);
        }
    }

    /** Reads weights from a file (an operator's own training run). */
    public static VerifierModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static VerifierModel read(InputStream in) throws IOException {
        return JSON.readValue(in, VerifierModel.class);
    }

    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /**
     * These weights if they were made for {@code embedderId}.
     *
     * @throws IllegalArgumentException when they were made for another embedder: its cosines are not these
     */
    public VerifierModel requireEmbedder(String embedderId) {
        if (!embedder.equals(embedderId)) {
            throw new IllegalArgumentException("verifier weights were trained for embedder " + embedder
                    + " but queries are embedded with " + embedderId
                    + ": train weights for it with quarry bench cache-train --embedder " + embedderId);
        }
        return this;
    }
}
