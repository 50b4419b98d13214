package org.autotier.core.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small ONNX model (opset 13, float tensors) in ONNX's protobuf wire format, so that a
 * network whose weights ship in another format (face-api's TF.js weights) runs in ONNX Runtime,
 * whose fused CPU kernels are several times faster than PyTorch's op-by-op eager mode on small
 * convolutional nets. Only what autotier's graphs need: nodes with int, ints and float
 * attributes, float initializers, float inputs and outputs with a symbolic batch dimension.
 *
 * <p>Field numbers follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto). The result is only ever read by ONNX Runtime, which
 * checks it fully when the session is created.
 */
public final class OnnxGraph {
    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int counter;

    /** An attribute of a node. */
    public record Attribute(String name, Object value) {
        public static Attribute of(String name, long value) {
            return new Attribute(name, value);
        }

        public static Attribute of(String name, float value) {
            return new Attribute(name, value);
        }

        public static Attribute of(String name, long... values) {
            return new Attribute(name, values);
        }
    }

    /** A graph input of float values; {@code -1} in the shape is the batch dimension "N". */
    public OnnxGraph input(String name, long... shape) {
        inputs.add(valueInfo(name, shape));
        return this;
    }

    public OnnxGraph output(String name, long... shape) {
        outputs.add(valueInfo(name, shape));
        return this;
    }

    /** A constant tensor; returns its name. */
    public String constant(String name, float[] values, long... shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for a shape of " + size);
        }
        Proto t = new Proto();
        for (long d : shape) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        t.bytes(9, raw.array());
        initializers.add(t.toByteArray());
        return name;
    }

    /** Adds a node with one output, named after the operator; returns the output's name. */
    public String node(String opType, List<String> in, Attribute... attributes) {
        return node(opType, in, opType.toLowerCase() + "_" + counter++, attributes);
    }

    public String node(String opType, List<String> in, String out, Attribute... attributes) {
        Proto n = new Proto();
        for (String i : in) {
            n.string(1, i);
        }
        n.string(2, out);
        n.string(3, out);
        n.string(4, opType);
        for (Attribute a : attributes) {
            n.message(5, attribute(a));
        }
        nodes.add(n.toByteArray());
        return out;
    }

    /** The model: ir_version 7, the default domain at opset 13. */
    public byte[] toModel(String graphName) {
        Proto g = new Proto();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, graphName);
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, 13);
        Proto m = new Proto();
        m.varint(1, 7);
        m.string(2, "autotier");
        m.message(7, g.toByteArray());
        m.message(8, opset.toByteArray());
        return m.toByteArray();
    }

    private static byte[] attribute(Attribute a) {
        Proto p = new Proto();
        p.string(1, a.name());
        if (a.value() instanceof Long v) {
            p.varint(3, v);
            p.varint(20, 2); // INT
        } else if (a.value() instanceof Float v) {
            p.fixed32(2, Float.floatToIntBits(v));
            p.varint(20, 1); // FLOAT
        } else if (a.value() instanceof long[] v) {
            for (long x : v) {
                p.varint(8, x);
            }
            p.varint(20, 7); // INTS
        } else {
            throw new IllegalArgumentException("attribute " + a.name() + ": " + a.value().getClass());
        }
        return p.toByteArray();
    }

    private static byte[] valueInfo(String name, long[] shape) {
        Proto dims = new Proto();
        for (long d : shape) {
            Proto dim = new Proto();
            if (d < 0) {
                dim.string(2, "N");
            } else {
                dim.varint(1, d);
            }
            dims.message(1, dim.toByteArray());
        }
        Proto tensor = new Proto();
        tensor.varint(1, FLOAT);
        tensor.message(2, dims.toByteArray());
        Proto type = new Proto();
        type.message(1, tensor.toByteArray());
        Proto v = new Proto();
        v.string(1, name);
        v.message(2, type.toByteArray());
        return v.toByteArray();
    }

    /** Protobuf's wire format: varint and length-delimited fields, which is all ONNX needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
        }

        void fixed32(int field, int bits) {
            raw((long) field << 3 | 5);
            for (int i = 0; i < 4; i++) {
                out.write(bits >>> (8 * i) & 0xff);
            }
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, byte[] value) {
            bytes(field, value);
        }

        void bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.write(value, 0, value.length);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
