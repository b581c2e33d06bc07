package dev.quarry.models.rerank;

import dev.quarry.models.onnx.ProtoWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes small ONNX models (IR version 8, default opset 13) straight in the protobuf wire format, so tests can
 * build the models they run without an ONNX library. Field numbers follow {@code onnx.proto}:
 *
 * <pre>
 * ModelProto        ir_version 1, producer_name 2, graph 7, opset_import 8
 * OperatorSetIdProto domain 1, version 2
 * GraphProto        node 1, name 2, initializer 5, input 11, output 12
 * NodeProto         input 1, output 2, name 3, op_type 4, attribute 5
 * AttributeProto    name 1, i 3, ints 8, type 20 (INT 2, INTS 7)
 * TensorProto       dims 1, data_type 2 (FLOAT 1, INT64 7), name 8, raw_data 9 (little-endian)
 * ValueInfoProto    name 1, type 2
 * TypeProto         tensor_type 1; Tensor: elem_type 1, shape 2
 * TensorShapeProto  dim 1; Dimension: dim_value 1 | dim_param 2
 * </pre>
 */
public final class TinyOnnxModelWriter {

    /** TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;

    /** TensorProto.DataType INT64. */
    public static final int INT64 = 7;

    private static final int IR_VERSION = 8;
    private static final int OPSET = 13;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final String graphName;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();

    public TinyOnnxModelWriter(String graphName) {
        this.graphName = Objects.requireNonNull(graphName, "graphName must not be null");
    }

    /**
     * Declares a graph input.
     *
     * @param dims one entry per dimension: digits for a fixed size, anything else for a symbolic one
     */
    public TinyOnnxModelWriter input(String name, int elemType, String... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Declares a graph output; {@code dims} as for {@link #input}. */
    public TinyOnnxModelWriter output(String name, int elemType, String... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A constant float tensor, row-major. */
    public TinyOnnxModelWriter floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(tensor(name, FLOAT, dims, raw.array(), values.length));
        return this;
    }

    /** A constant int64 tensor, row-major. */
    public TinyOnnxModelWriter int64s(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        initializers.add(tensor(name, INT64, dims, raw.array(), values.length));
        return this;
    }

    /** An operator of the default domain reading {@code inputs} and writing {@code output}. */
    public TinyOnnxModelWriter node(String opType, List<String> inputs, String output, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output);
        node.string(3, output + "_" + opType);
        node.string(4, opType);
        for (Attribute attribute : attributes) {
            node.message(5, attribute.proto);
        }
        nodes.add(node);
        return this;
    }

    /** An integer attribute, such as {@code keepdims} or Cast's {@code to}. */
    public static Attribute intAttribute(String name, long value) {
        ProtoWriter proto = new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
        return new Attribute(proto);
    }

    /** An integer-list attribute. */
    public static Attribute intsAttribute(String name, long... values) {
        ProtoWriter proto = new ProtoWriter().string(1, name);
        for (long value : values) {
            proto.varint(8, value);
        }
        proto.varint(20, ATTRIBUTE_INTS);
        return new Attribute(proto);
    }

    /** The serialized ModelProto. */
    public byte[] toBytes() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, graphName);
        initializers.forEach(initializer -> graph.message(5, initializer));
        inputs.forEach(input -> graph.message(11, input));
        outputs.forEach(output -> graph.message(12, output));
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, OPSET);
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "quarry-tests")
                .message(7, graph)
                .message(8, opset)
                .bytes();
    }

    /** Writes the model to {@code file}. */
    public Path writeTo(Path file) throws IOException {
        return Files.write(file, toBytes());
    }

    private static ProtoWriter tensor(String name, int dataType, long[] dims, byte[] raw, int count) {
        long expected = 1;
        for (long dim : dims) {
            expected *= dim;
        }
        if (expected != count) {
            throw new IllegalArgumentException(name + ": dims hold " + expected + " values, got " + count);
        }
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        return tensor.varint(2, dataType).string(8, name).bytes(9, raw);
    }

    private static ProtoWriter valueInfo(String name, int elemType, String... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (String dim : dims) {
            ProtoWriter dimension = dim.chars().allMatch(Character::isDigit)
                    ? new ProtoWriter().varint(1, Long.parseLong(dim))
                    : new ProtoWriter().string(2, dim);
            shape.message(1, dimension);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    /** A node attribute. */
    public static final class Attribute {
        private final ProtoWriter proto;

        private Attribute(ProtoWriter proto) {
            this.proto = proto;
        }
    }
}
