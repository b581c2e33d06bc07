package dev.quarry.models.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.quarry.models.rerank.TinyOnnxModelWriter.FLOAT;
import static dev.quarry.models.rerank.TinyOnnxModelWriter.INT64;
import static dev.quarry.models.rerank.TinyOnnxModelWriter.intAttribute;

/**
 * Builds small cross-encoder-shaped model directories ({@code model.onnx} + {@code tokenizer.json}) for
 * tests, since no real cross-encoder weights can be downloaded in a build. The tokenizer is the
 * bert-base-uncased WordPiece tokenizer that ships in the langchain4j embeddings jar (a runtime dependency of
 * quarry-core), so other modules can use this class from core's test-jar without extra resources.
 *
 * <p>The models read BERT inputs ({@code input_ids}, {@code attention_mask}, {@code token_type_ids}: int64
 * {@code [batch, seq]}) and write {@code logits} (float {@code [batch, 1]}):
 *
 * <ul>
 *   <li>{@link #writeTo}: a topic-overlap model. Every word of {@link #TOPICS} belongs to one topic; the logit
 *       is the sum over topics of (topic words in the query) x (topic words in the passage), plus
 *       {@link #BIAS}. A passage on the query's topic scores higher; one on no topic scores sigmoid(-1).
 *   <li>{@link #writeWithoutTokenTypeIds}: no {@code token_type_ids} input; the logit is the number of topic
 *       words in the whole pair plus {@link #BIAS}.
 *   <li>{@link #writeTokenCounter}: the logit reveals how many tokens the model saw ({@link #countedTokens}).
 * </ul>
 */
public final class TestCrossEncoderModel {

    /** The topics of the topic models and their words (each a single bert-base-uncased token). */
    public static final Map<String, List<String>> TOPICS = Map.of(
            "sea", List.of("ocean", "sea", "whale", "whales", "shark", "salt", "fish", "coral"),
            "volcano", List.of("volcano", "lava", "magma", "eruption", "crater"),
            "baking", List.of("bread", "flour", "yeast", "oven", "dough", "baking"));

    /** Added to every topic model logit. */
    public static final float BIAS = -1f;

    /** The classpath resource of the bert-base-uncased tokenizer (langchain4j-embeddings). */
    static final String TOKENIZER_RESOURCE = "bert-tokenizer.json";

    private static final List<String> TOPIC_NAMES = List.of("sea", "volcano", "baking");
    private static final int COUNTER_CENTER = 256;
    private static final int COUNTER_SCALE = 64;

    private TestCrossEncoderModel() {}

    /** Writes the topic-overlap model and its tokenizer into {@code dir}; returns {@code dir}. */
    public static Path writeTo(Path dir) {
        JsonNode vocab = writeTokenizer(dir);
        int topics = TOPIC_NAMES.size();
        float[] table = new float[vocabularySize(vocab) * topics];
        for (int topic = 0; topic < topics; topic++) {
            for (String word : TOPICS.get(TOPIC_NAMES.get(topic))) {
                table[tokenId(vocab, word) * topics + topic] = 1f;
            }
        }
        TinyOnnxModelWriter model = bertInputs("topic-overlap", true)
                .floats("topics", new long[] {vocabularySize(vocab), topics}, table)
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .int64s("axis_last", new long[] {1}, new long[] {2})
                .floats("bias", new long[] {1}, new float[] {BIAS})
                .node("Cast", List.of("attention_mask"), "mask", intAttribute("to", FLOAT))
                .node("Cast", List.of("token_type_ids"), "segment", intAttribute("to", FLOAT))
                .node("Mul", List.of("mask", "segment"), "passage_mask")
                .node("Sub", List.of("mask", "passage_mask"), "query_mask")
                .node("Unsqueeze", List.of("query_mask", "axis_last"), "query_mask_3d")
                .node("Unsqueeze", List.of("passage_mask", "axis_last"), "passage_mask_3d")
                .node("Gather", List.of("topics", "input_ids"), "token_topics")
                .node("Mul", List.of("token_topics", "query_mask_3d"), "query_token_topics")
                .node("Mul", List.of("token_topics", "passage_mask_3d"), "passage_token_topics")
                .node(
                        "ReduceSum",
                        List.of("query_token_topics", "axis_seq"),
                        "query_topics",
                        intAttribute("keepdims", 0))
                .node(
                        "ReduceSum",
                        List.of("passage_token_topics", "axis_seq"),
                        "passage_topics",
                        intAttribute("keepdims", 0))
                .node("Mul", List.of("query_topics", "passage_topics"), "shared_topics")
                .node("ReduceSum", List.of("shared_topics", "axis_seq"), "overlap", intAttribute("keepdims", 1))
                .node("Add", List.of("overlap", "bias"), "logits");
        return writeModel(dir, model);
    }

    /** Writes the topic-count model, which has no {@code token_type_ids} input; returns {@code dir}. */
    public static Path writeWithoutTokenTypeIds(Path dir) {
        JsonNode vocab = writeTokenizer(dir);
        float[] weights = new float[vocabularySize(vocab)];
        TOPICS.values().stream().flatMap(List::stream).forEach(word -> weights[tokenId(vocab, word)] = 1f);
        TinyOnnxModelWriter model = bertInputs("topic-count", false)
                .floats("weights", new long[] {weights.length}, weights)
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .floats("bias", new long[] {1}, new float[] {BIAS})
                .node("Cast", List.of("attention_mask"), "mask", intAttribute("to", FLOAT))
                .node("Gather", List.of("weights", "input_ids"), "token_weights")
                .node("Mul", List.of("token_weights", "mask"), "visible_weights")
                .node("ReduceSum", List.of("visible_weights", "axis_seq"), "count", intAttribute("keepdims", 1))
                .node("Add", List.of("count", "bias"), "logits");
        return writeModel(dir, model);
    }

    /**
     * Writes a model whose logit is {@code (tokens - 256) / 64}, {@code tokens} being the number of unmasked
     * tokens of the pair (special tokens included); read it back with {@link #countedTokens}.
     */
    public static Path writeTokenCounter(Path dir) {
        writeTokenizer(dir);
        TinyOnnxModelWriter model = bertInputs("token-counter", true)
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .floats("scale", new long[] {1}, new float[] {1f / COUNTER_SCALE})
                .floats("offset", new long[] {1}, new float[] {-(float) COUNTER_CENTER / COUNTER_SCALE})
                .node("Cast", List.of("attention_mask"), "mask", intAttribute("to", FLOAT))
                .node("ReduceSum", List.of("mask", "axis_seq"), "tokens", intAttribute("keepdims", 1))
                .node("Mul", List.of("tokens", "scale"), "scaled")
                .node("Add", List.of("scaled", "offset"), "logits");
        return writeModel(dir, model);
    }

    /** The token count a {@link #writeTokenCounter} model saw, from the probability the reranker returned. */
    public static int countedTokens(float probability) {
        double logit = Math.log(probability / (1.0 - probability));
        return (int) Math.round(logit * COUNTER_SCALE + COUNTER_CENTER);
    }

    /** Copies the bert-base-uncased tokenizer to {@code dir/tokenizer.json}; returns its vocabulary. */
    public static JsonNode writeTokenizer(Path dir) {
        try (InputStream in = TestCrossEncoderModel.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + TOKENIZER_RESOURCE
                        + " not found; it ships in dev.langchain4j:langchain4j-embeddings");
            }
            byte[] json = in.readAllBytes();
            Files.createDirectories(dir);
            Files.write(dir.resolve(CrossEncoderReranker.TOKENIZER_FILE), json);
            return new ObjectMapper().readTree(json).path("model").path("vocab");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TinyOnnxModelWriter bertInputs(String name, boolean withTokenTypeIds) {
        TinyOnnxModelWriter model = new TinyOnnxModelWriter(name)
                .input("input_ids", INT64, "batch", "seq")
                .input("attention_mask", INT64, "batch", "seq");
        if (withTokenTypeIds) {
            model.input("token_type_ids", INT64, "batch", "seq");
        }
        return model.output("logits", FLOAT, "batch", "1");
    }

    private static Path writeModel(Path dir, TinyOnnxModelWriter model) {
        try {
            model.writeTo(dir.resolve(CrossEncoderReranker.MODEL_FILE));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int vocabularySize(JsonNode vocab) {
        int max = 0;
        for (JsonNode id : vocab) {
            max = Math.max(max, id.asInt());
        }
        return max + 1;
    }

    private static int tokenId(JsonNode vocab, String word) {
        JsonNode id = vocab.get(word);
        if (id == null) {
            throw new IllegalArgumentException("'" + word + "' is not a single token of the test tokenizer");
        }
        return id.asInt();
    }
}
