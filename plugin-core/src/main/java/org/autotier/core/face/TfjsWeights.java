package org.autotier.core.face;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads TensorFlow.js weights: a {@code *-weights_manifest.json} (read with Jackson) and its
 * binary shards, concatenated in manifest order. Quantised tensors ({@code uint8}/{@code uint16}
 * with scale and min) are dequantised the way tfjs does: {@code value = q * scale + min}.
 */
public final class TfjsWeights {

    /** One named tensor: TF.js shape (HWIO for convolutions) and row-major values. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Group(List<String> paths, List<Spec> weights) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(String name, int[] shape, String dtype, Quantization quantization) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Quantization(String dtype, Double scale, Double min) {
    }

    /** Opens a file next to the manifest (a classpath resource, or a file in a folder). */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String name) throws IOException;
    }

    private TfjsWeights() {
    }

    public static Map<String, Tensor> read(String manifestName, Opener opener) throws IOException {
        List<Group> groups;
        try (InputStream in = opener.open(manifestName)) {
            groups = List.of(new ObjectMapper().readValue(in, Group[].class));
        } catch (IOException e) {
            throw new IOException(manifestName + ": unreadable TF.js weight manifest: " + e.getMessage(), e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Group g : groups) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (String p : g.paths()) {
                try (InputStream in = opener.open(p)) {
                    in.transferTo(all);
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (Spec s : g.weights()) {
                int n = 1;
                for (int d : s.shape()) {
                    n *= d;
                }
                float[] v = new float[n];
                Quantization q = s.quantization();
                String stored = q == null ? s.dtype() : q.dtype();
                try {
                    switch (stored) {
                        case "float32" -> buf.asFloatBuffer().get(v);
                        case "uint8" -> {
                            for (int i = 0; i < n; i++) {
                                v[i] = (float) ((buf.get(buf.position() + i) & 0xff) * q.scale() + q.min());
                            }
                        }
                        case "uint16" -> {
                            for (int i = 0; i < n; i++) {
                                v[i] = (float) ((buf.getShort(buf.position() + 2 * i) & 0xffff) * q.scale() + q.min());
                            }
                        }
                        default -> throw new IOException(manifestName + ": weight " + s.name() + " has dtype "
                                + stored + ", which autotier does not read");
                    }
                } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
                    throw new IOException(manifestName + ": weight data ends inside " + s.name(), e);
                }
                int bytes = switch (stored) {
                    case "float32" -> 4;
                    case "uint16" -> 2;
                    default -> 1;
                };
                buf.position(buf.position() + n * bytes);
                out.put(s.name(), new Tensor(s.name(), s.shape(), v));
            }
        }
        return out;
    }
}
