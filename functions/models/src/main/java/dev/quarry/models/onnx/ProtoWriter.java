package dev.quarry.models.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protobuf message field by field: varint (wire type 0) and length-delimited (wire type 2) fields,
 * enough for the small ONNX graphs Quarry builds itself (the tests' tiny cross-encoder, the benchmark's timing
 * head). A message is appended to another with {@link #message(int, ProtoWriter)}.
 */
public final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long value) {
        writeVarint((long) field << 3);
        writeVarint(value);
        return this;
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.bytes());
    }

    public ProtoWriter bytes(int field, byte[] value) {
        writeVarint(((long) field << 3) | 2);
        writeVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** The message written so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    private void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
