package dev.quarry.tools.bench.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One benchmark pair: {@code label} 1 when {@code textB} is {@code textA} in other words, 0 when it is a
 * different question.
 */
public record CachePair(
        @JsonProperty("text_a") String textA,
        @JsonProperty("text_b") String textB,
        @JsonProperty("label") int label) {

    public CachePair {
        Objects.requireNonNull(textA, "text_a must not be null");
        Objects.requireNonNull(textB, "text_b must not be null");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, was " + label + " (pair \"" + textA + "\")");
        }
    }

    /**
     * Reads a JSON array of {@code {"text_a": …, "text_b": …, "label": 0|1}}, or JSON lines of such objects
     * (one a line, blank lines skipped).
     */
    public static List<CachePair> load(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String start = text.stripLeading();
        List<CachePair> pairs = new ArrayList<>();
        if (start.startsWith("[")) {
            pairs.addAll(json.readValue(start, new TypeReference<List<CachePair>>() {}));
        } else {
            int number = 0;
            for (String line : text.split("\r?\n")) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    pairs.add(json.readValue(line, CachePair.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            file + " line " + number + " is not a pair {\"text_a\", \"text_b\", \"label\"}: "
                                    + e.getMessage(),
                            e);
                }
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no pairs");
        }
        return pairs;
    }
}
