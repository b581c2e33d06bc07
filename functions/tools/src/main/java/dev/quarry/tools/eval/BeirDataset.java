package dev.quarry.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A retrieval test collection in BEIR format: {@code corpus.jsonl} ({@code {"_id","title","text"}} a line),
 * {@code queries.jsonl} ({@code {"_id","text"}} a line) and {@code qrels/test.tsv} (header {@code query-id
 * corpus-id score}, one graded judgment a line). Only queries that have at least one judgment in the qrels
 * are test queries; the others are dropped, as BEIR does.
 *
 * @param corpus the documents by id, in file order
 * @param queries the test queries (text by id), in file order
 * @param qrels relevance grades by query id, then document id
 * @param unjudgedQueries queries of {@code queries.jsonl} left out because the qrels do not mention them
 *     (mini-dbpedia: 10 of 50, mini-msmarco: 7 of 50); report it next to the means
 */
public record BeirDataset(
        Map<String, Document> corpus,
        Map<String, String> queries,
        Map<String, Map<String, Integer>> qrels,
        int unjudgedQueries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BeirDataset {
        corpus = Collections.unmodifiableMap(new LinkedHashMap<>(corpus));
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        qrels.forEach((query, grades) -> copy.put(query, Collections.unmodifiableMap(new LinkedHashMap<>(grades))));
        qrels = Collections.unmodifiableMap(copy);
    }

    /**
     * A corpus document.
     *
     * @param id the {@code _id}
     * @param title the title, empty when absent
     * @param text the text, empty when absent
     */
    public record Document(String id, String title, String text) {
        public Document {
            Objects.requireNonNull(id, "id must not be null");
            title = title == null ? "" : title;
            text = text == null ? "" : text;
        }

        /**
         * The text that is embedded or indexed for this document: {@code title + "\n" + text}, or only the
         * one that is not blank.
         */
        public String titleAndText() {
            if (title.isBlank()) {
                return text;
            }
            return text.isBlank() ? title : title + "\n" + text;
        }
    }

    /** Reads the collection in {@code directory}. */
    public static BeirDataset load(Path directory) {
        Objects.requireNonNull(directory, "directory must not be null");
        Map<String, Map<String, Integer>> qrels =
                readQrels(directory.resolve("qrels").resolve("test.tsv"));
        Map<String, Document> corpus = new LinkedHashMap<>();
        readJsonLines(directory.resolve("corpus.jsonl"), node -> {
            Document document = new Document(
                    node.path("_id").asText(),
                    node.path("title").asText(""),
                    node.path("text").asText(""));
            corpus.put(document.id(), document);
        });
        Map<String, String> queries = new LinkedHashMap<>();
        int[] unjudged = {0};
        readJsonLines(directory.resolve("queries.jsonl"), node -> {
            String id = node.path("_id").asText();
            if (qrels.containsKey(id)) {
                queries.put(id, node.path("text").asText(""));
            } else {
                unjudged[0]++;
            }
        });
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        queries.keySet().forEach(id -> judged.put(id, qrels.get(id)));
        return new BeirDataset(corpus, queries, judged, unjudged[0]);
    }

    private static Map<String, Map<String, Integer>> readQrels(Path file) {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || (number == 1 && line.startsWith("query-id"))) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length != 3) {
                    throw new IllegalArgumentException(
                            file + ":" + number + ": expected 'query-id<TAB>corpus-id<TAB>score', got: " + line);
                }
                qrels.computeIfAbsent(fields[0], q -> new LinkedHashMap<>())
                        .put(fields[1], Integer.parseInt(fields[2].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read qrels " + file, e);
        }
        return qrels;
    }

    private static void readJsonLines(Path file, Consumer<JsonNode> consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    consumer.accept(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
