package org.autotier.core.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.autotier.core.onnx.OnnxGraph;
import org.autotier.core.onnx.OnnxGraph.Attribute;
import org.autotier.core.onnx.OnnxModels;

/**
 * face-api's pretrained face-expression network (package {@code @vladmandic/face-api}, MIT),
 * rebuilt from its TF.js weights: four dense blocks of depthwise-separable convolutions
 * on a 112×112 RGB face crop, a 7×7 average pool giving a 256-d face embedding, and a linear
 * layer with softmax over face-api's seven expressions. The embedding is autotier's per-frame
 * visual feature; the probabilities are the face-only opinion the flags compare.
 *
 * <p>The graph is written as ONNX in memory at load time ({@link OnnxGraph}) and runs in ONNX
 * Runtime on one thread: its fused convolutions take a quarter of the time PyTorch's eager ops
 * took for the same net (docs/benchmarks.md), and the net runs on every analysed face. The port
 * is checked against the original library run under Node (tools/faceapi-reference,
 * FaceExpressionNetTest): agreement within 1e-4.
 */
public final class FaceExpressionNet implements AutoCloseable {
    public static final int INPUT = 112;
    public static final int EMBEDDING = 256;
    /** face-api's order of its output classes. */
    public static final List<String> LABELS =
            List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    /** One face's outputs: the 256-d embedding and the 7 expression probabilities. */
    public record Output(float[] embedding, float[] probabilities) {
    }

    private final OrtSession session;

    private FaceExpressionNet(Map<String, TfjsWeights.Tensor> w) throws IOException {
        session = OnnxModels.open(graph(w), "face_expression_model (face-api, as ONNX)");
    }

    /**
     * face-api's graph: crops [N,112,112,3] (0-255) → NCHW, minus the mean RGB, over 255 → four
     * dense blocks → mean over the 7×7 map (embedding [N,256]) → linear → softmax ([N,7]).
     */
    private static byte[] graph(Map<String, TfjsWeights.Tensor> w) throws IOException {
        OnnxGraph g = new OnnxGraph().input("crops", -1, INPUT, INPUT, 3)
                .output("embedding", -1, EMBEDDING).output("probabilities", -1, LABELS.size());
        String x = g.node("Transpose", List.of("crops"), Attribute.of("perm", 0L, 3L, 1L, 2L));
        x = g.node("Sub", List.of(x, g.constant("mean_rgb", MEAN_RGB.clone(), 1, 3, 1, 1)));
        x = g.node("Div", List.of(x, g.constant("scale", new float[] {255f})));
        for (int b = 0; b < 4; b++) {
            x = denseBlock(g, w, "dense" + b + "/", x, b == 0);
        }
        g.node("ReduceMean", List.of(x), "embedding", Attribute.of("axes", 2L, 3L), Attribute.of("keepdims", 0L));
        TfjsWeights.Tensor fc = need(w, "fc/weights");
        String logits = g.node("Add", List.of(
                g.node("MatMul", List.of("embedding", g.constant("fc/weights", fc.values(), fc.shape()[0], fc.shape()[1]))),
                g.constant("fc/bias", need(w, "fc/bias").values(), LABELS.size())));
        g.node("Softmax", List.of(logits), "probabilities", Attribute.of("axis", 1L));
        return g.toModel("face_expression_net");
    }

    /** face-api's denseBlock4: the first conv halves the size, the rest are summed densely. */
    private static String denseBlock(OnnxGraph g, Map<String, TfjsWeights.Tensor> w, String p, String x, boolean first)
            throws IOException {
        // TF 'same' padding on an even size: stride 2 pads one row/column after, stride 1 one on every side
        long[] stride2Pads = {0, 0, 1, 1};
        long[] stride1Pads = {1, 1, 1, 1};
        String out1 = first
                ? conv(g, x, weight(g, w, p + "conv0/filters", false), bias(g, w, p + "conv0/bias"), 2, 1, stride2Pads)
                : separable(g, w, p + "conv0/", x, 2, stride2Pads);
        out1 = g.node("Relu", List.of(out1));
        String out2 = separable(g, w, p + "conv1/", out1, 1, stride1Pads);
        String in3 = g.node("Relu", List.of(g.node("Add", List.of(out1, out2))));
        String out3 = separable(g, w, p + "conv2/", in3, 1, stride1Pads);
        String in4 = g.node("Relu", List.of(g.node("Add", List.of(out1, g.node("Add", List.of(out2, out3))))));
        String out4 = separable(g, w, p + "conv3/", in4, 1, stride1Pads);
        return g.node("Relu", List.of(g.node("Add", List.of(out1,
                g.node("Add", List.of(out2, g.node("Add", List.of(out3, out4))))))));
    }

    private static String separable(OnnxGraph g, Map<String, TfjsWeights.Tensor> w, String conv, String x, int stride,
            long[] pads) throws IOException {
        TfjsWeights.Tensor dw = need(w, conv + "depthwise_filter");
        String depth = conv(g, x, weight(g, w, conv + "depthwise_filter", true), null, stride, dw.shape()[2], pads);
        return conv(g, depth, weight(g, w, conv + "pointwise_filter", false), bias(g, w, conv + "bias"), 1, 1,
                new long[] {0, 0, 0, 0});
    }

    private static String conv(OnnxGraph g, String x, String weight, String bias, int stride, int groups, long[] pads) {
        List<String> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return g.node("Conv", in, Attribute.of("strides", stride, stride), Attribute.of("pads", pads),
                Attribute.of("group", (long) groups));
    }

    /**
     * A TF filter as an ONNX weight: [kh, kw, in, out] → [out, in, kh, kw]; a depthwise
     * [kh, kw, in, 1] → [in, 1, kh, kw].
     */
    private static String weight(OnnxGraph g, Map<String, TfjsWeights.Tensor> w, String name, boolean depthwise)
            throws IOException {
        TfjsWeights.Tensor t = need(w, name);
        int[] s = t.shape();
        int kh = s[0];
        int kw = s[1];
        int in = s[2];
        int out = s[3];
        int o0 = depthwise ? in : out;
        int o1 = depthwise ? out : in;
        float[] v = t.values();
        float[] r = new float[v.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        int a = depthwise ? i : o;
                        int b = depthwise ? o : i;
                        r[((a * o1 + b) * kh + y) * kw + x] = v[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return g.constant(name, r, o0, o1, kh, kw);
    }

    private static String bias(OnnxGraph g, Map<String, TfjsWeights.Tensor> w, String name) throws IOException {
        float[] v = need(w, name).values();
        return g.constant(name, v, v.length);
    }

    /** Loads the weights the build fetched into the bundle's {@code models/} folder. */
    public static FaceExpressionNet load() throws IOException {
        return load(name -> {
            InputStream in = FaceExpressionNet.class.getResourceAsStream("/models/" + name);
            if (in == null) {
                throw new IOException("model file " + name + " is missing from the autotier build (models/ in "
                        + "plugin-core); rebuild with `mvn install`, which fetches it by pinned npm package");
            }
            return in;
        });
    }

    public static FaceExpressionNet load(TfjsWeights.Opener opener) throws IOException {
        Map<String, TfjsWeights.Tensor> w = TfjsWeights.read("face_expression_model-weights_manifest.json", opener);
        return new FaceExpressionNet(w);
    }

    private static TfjsWeights.Tensor need(Map<String, TfjsWeights.Tensor> w, String name) throws IOException {
        TfjsWeights.Tensor t = w.get(name);
        if (t == null) {
            throw new IOException("face expression weights lack " + name);
        }
        return t;
    }

    /**
     * Runs a batch of crops.
     *
     * @param rgb {@code n} crops of 112×112 RGB, 3 bytes a pixel, row-major, back to back
     */
    public List<Output> predict(byte[] rgb, int n) {
        if (rgb.length < n * INPUT * INPUT * 3) {
            throw new IllegalArgumentException(n + " crops need " + n * INPUT * INPUT * 3 + " bytes, got " + rgb.length);
        }
        float[] pixels = new float[n * INPUT * INPUT * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rgb[i] & 0xff;
        }
        try (OnnxTensor t = OnnxTensor.createTensor(OnnxModels.environment(), FloatBuffer.wrap(pixels),
                        new long[] {n, INPUT, INPUT, 3});
                OrtSession.Result r = session.run(Map.of("crops", t))) {
            float[][] e = (float[][]) r.get("embedding").orElseThrow().getValue();
            float[][] p = (float[][]) r.get("probabilities").orElseThrow().getValue();
            Output[] out = new Output[n];
            for (int i = 0; i < n; i++) {
                out[i] = new Output(e[i], p[i]);
            }
            return List.of(out);
        } catch (OrtException e) {
            throw new IllegalStateException("face-expression net failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to release that matters: the process keeps running
        }
    }
}
