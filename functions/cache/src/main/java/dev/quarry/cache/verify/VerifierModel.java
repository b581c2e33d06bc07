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

/**
 * The hit verifier's weights: a logistic regression over {@link VerifierFeatures}, standardised, whose
 * output is the probability that serving the nearest cached question's answer is right. Weights are made
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
 * @param minCosine nearest candidates below this cosine are never served (they were not in training)
 * @param provenance how the weights were made (command, data, seed, sizes), for people
 * @param calibration measurements on the calibration split, for people
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
        @JsonProperty("min_cosine") double minCosine,
        @JsonProperty("provenance") JsonNode provenance,
        @JsonProperty("calibration") JsonNode calibration) {

    public static final String FORMAT = "quarry-cache-verifier/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public VerifierModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("verifier weights have format " + format + ", this build reads " + FORMAT
                    + ": retrain them with quarry bench cache-train");
        }
        Objects.requireNonNull(embedder, "embedder must not be null");
        if (!VerifierFeatures.NAMES.equals(features)) {
            throw new IllegalArgumentException(
                    "verifier weights for " + embedder + " use features " + features + ", this build computes "
                            + VerifierFeatures.NAMES + ": retrain them with quarry bench cache-train");
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
    }

    /** The probability that the hit described by {@code features} is right. */
    public double probability(double[] features) {
        double z = intercept;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (features[i] - mean[i]) / scale[i];
        }
        return 1 / (1 + Math.exp(-z));
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
