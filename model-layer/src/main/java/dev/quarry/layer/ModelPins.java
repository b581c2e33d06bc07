package dev.quarry.layer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The pinned model ({@code model.properties}): Hugging Face id, revision, and for each layer file its path in
 * the repository and its SHA-256. The value {@code UNVERIFIED} marks a pin nobody has checked yet.
 */
public record ModelPins(String modelId, Optional<String> revision, Map<String, Pin> files) {

    /** The files the layer must contain, by their name under {@code models/cross-encoder/}. */
    public static final String[] LAYER_FILES = {"model.onnx", "tokenizer.json"};

    static final String UNVERIFIED = "UNVERIFIED";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One file: its path in the model repository and its expected SHA-256, if pinned. */
    public record Pin(String source, Optional<String> sha256) {}

    public static ModelPins load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        String id = required(p, "model.id", file);
        Map<String, Pin> files = new LinkedHashMap<>();
        for (String name : LAYER_FILES) {
            String source = p.getProperty(name + ".source", name).trim();
            files.put(name, new Pin(source, sha(p.getProperty(name + ".sha256", UNVERIFIED), name, file)));
        }
        return new ModelPins(id, pinned(p.getProperty("model.revision", UNVERIFIED)), files);
    }

    private static Optional<String> sha(String value, String name, Path file) {
        Optional<String> pinned = pinned(value).map(v -> v.toLowerCase(Locale.ROOT));
        if (pinned.isPresent() && !SHA256.matcher(pinned.get()).matches()) {
            throw new IllegalArgumentException(name + ".sha256 in " + file + " is not a SHA-256 (64 hex digits) nor "
                    + UNVERIFIED + ": '" + value + "'");
        }
        return pinned;
    }

    private static Optional<String> pinned(String value) {
        String v = value == null ? "" : value.trim();
        return v.isEmpty() || v.equals(UNVERIFIED) ? Optional.empty() : Optional.of(v);
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing in " + file);
        }
        return v;
    }
}
