package dev.quarry.models.rerank;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes query/passage pairs for a cross-encoder with the model's own {@code tokenizer.json}: a sentence
 * pair ({@code [CLS] query [SEP] passage [SEP]} for BERT; whatever the tokenizer's post-processor says for
 * others), at most {@code maxLength} tokens, the passage truncated first ("only_second") so the query
 * survives. A query longer than half the window is cut to half the window first, so the passage is always
 * read. A batch is padded to its longest pair.
 *
 * <p>Thread-safe: both tokenizer handles are configured once in the constructor and only read afterwards
 * (the native tokenizer encodes through a shared reference and keeps no per-call state).
 */
final class PairEncoder implements AutoCloseable {

    private final HuggingFaceTokenizer pairTokenizer;
    private final HuggingFaceTokenizer queryTokenizer;
    private final int maxQueryTokens;
    private final long padId;

    private PairEncoder(String tokenizerJson, int maxLength) throws IOException {
        this.padId = padId(tokenizerJson);
        // Options override the truncation and padding written in tokenizer.json (often fixed at 128 or 512).
        this.pairTokenizer = tokenizer(
                tokenizerJson,
                Map.of(
                        "addSpecialTokens", "true",
                        "truncation", "only_second",
                        "padding", "false",
                        "maxLength", Integer.toString(maxLength),
                        "modelMaxLength", Integer.toString(maxLength)));
        try {
            this.queryTokenizer = tokenizer(
                    tokenizerJson, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            pairTokenizer.close();
            throw e;
        }
        int specialTokens = (int) Arrays.stream(pairTokenizer.encode("q", "p").getSpecialTokenMask())
                .sum();
        this.maxQueryTokens = (maxLength - specialTokens) / 2;
    }

    /**
     * Reads {@code tokenizer.json} (a HuggingFace tokenizers file).
     *
     * @throws IOException if the file cannot be read
     * @throws RuntimeException if the native tokenizer rejects it
     */
    static PairEncoder load(Path tokenizerJson, int maxLength) throws IOException {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson must not be null");
        return new PairEncoder(Files.readString(tokenizerJson, StandardCharsets.UTF_8), maxLength);
    }

    /** The most tokens (special tokens excluded) a query keeps. */
    int maxQueryTokens() {
        return maxQueryTokens;
    }

    /** Encodes {@code query} with each passage, padded to the longest pair; rows in passage order. */
    EncodedBatch encode(String query, List<String> passages) {
        String cappedQuery = capQuery(query);
        Encoding[] pairs = new Encoding[passages.size()];
        int length = 0;
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = pairTokenizer.encode(cappedQuery, passages.get(i));
            length = Math.max(length, pairs[i].getIds().length);
        }
        int size = pairs.length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        Arrays.fill(ids, padId);
        for (int row = 0; row < size; row++) {
            long[] pairIds = pairs[row].getIds();
            System.arraycopy(pairIds, 0, ids, row * length, pairIds.length);
            System.arraycopy(pairs[row].getAttentionMask(), 0, mask, row * length, pairIds.length);
            System.arraycopy(pairs[row].getTypeIds(), 0, types, row * length, pairIds.length);
        }
        return new EncodedBatch(size, length, ids, mask, types);
    }

    /** The query, cut after its {@link #maxQueryTokens()}-th token if it is longer. */
    String capQuery(String query) {
        Encoding encoding = queryTokenizer.encode(query);
        if (encoding.getIds().length <= maxQueryTokens) {
            return query;
        }
        CharSpan[] spans = encoding.getCharTokenSpans();
        int last = maxQueryTokens - 1;
        while (last > 0 && spans[last] == null) {
            last--;
        }
        if (spans[last] == null) {
            return query;
        }
        // The native tokenizer counts characters as code points; Java strings index UTF-16 units.
        return query.substring(0, query.offsetByCodePoints(0, spans[last].getEnd()));
    }

    @Override
    public void close() {
        pairTokenizer.close();
        queryTokenizer.close();
    }

    private static HuggingFaceTokenizer tokenizer(String json, Map<String, String> options) throws IOException {
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return HuggingFaceTokenizer.newInstance(in, options);
        }
    }

    /** The padding id the tokenizer declares, else 0 ({@code [PAD]} in BERT vocabularies). */
    private static long padId(String tokenizerJson) throws IOException {
        JsonNode padding = new ObjectMapper().readTree(tokenizerJson).path("padding");
        return padding.path("pad_id").asLong(0);
    }
}
