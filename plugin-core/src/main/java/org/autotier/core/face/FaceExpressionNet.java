package org.autotier.core.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.autotier.core.fusion.Djl;

/**
 * face-api's pretrained face-expression network (package {@code @vladmandic/face-api}, MIT),
 * rebuilt in DJL from its TF.js weights: four dense blocks of depthwise-separable convolutions
 * on a 112×112 RGB face crop, a 7×7 average pool giving a 256-d face embedding, and a linear
 * layer with softmax over face-api's seven expressions. The embedding is autotier's per-frame
 * visual feature; the probabilities are the face-only opinion the flags compare.
 *
 * <p>The port is checked against the original library run under Node
 * (tools/faceapi-reference, FaceExpressionNetTest): agreement within 1e-4.
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

    private final NDManager manager;
    private final NDArray[][] blocks = new NDArray[4][];
    private final NDArray fcWeight;
    private final NDArray fcBias;
    private final NDArray mean;

    private FaceExpressionNet(NDManager manager, Map<String, TfjsWeights.Tensor> w) throws IOException {
        this.manager = manager;
        for (int b = 0; b < 4; b++) {
            String p = "dense" + b + "/";
            NDArray[] params = new NDArray[4 * 3];
            for (int c = 0; c < 4; c++) {
                String conv = p + "conv" + c + "/";
                if (b == 0 && c == 0) {
                    params[0] = hwioToOihw(need(w, conv + "filters"));
                } else {
                    params[3 * c] = depthwise(need(w, conv + "depthwise_filter"));
                    params[3 * c + 1] = hwioToOihw(need(w, conv + "pointwise_filter"));
                }
                params[3 * c + 2] = vector(need(w, conv + "bias"));
            }
            blocks[b] = params;
        }
        TfjsWeights.Tensor fc = need(w, "fc/weights");
        fcWeight = manager.create(fc.values(), new Shape(fc.shape()[0], fc.shape()[1]));
        fcBias = vector(need(w, "fc/bias"));
        mean = manager.create(MEAN_RGB, new Shape(1, 3, 1, 1));
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
        NDManager m = Djl.pytorch().newBaseManager();
        try {
            return new FaceExpressionNet(m, w);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static TfjsWeights.Tensor need(Map<String, TfjsWeights.Tensor> w, String name) throws IOException {
        TfjsWeights.Tensor t = w.get(name);
        if (t == null) {
            throw new IOException("face expression weights lack " + name);
        }
        return t;
    }

    private NDArray vector(TfjsWeights.Tensor t) {
        return manager.create(t.values(), new Shape(t.values().length));
    }

    /** TF [kh, kw, in, out] → PyTorch [out, in, kh, kw]. */
    private NDArray hwioToOihw(TfjsWeights.Tensor t) {
        int[] s = t.shape();
        return manager.create(t.values(), new Shape(s[0], s[1], s[2], s[3])).transpose(3, 2, 0, 1);
    }

    /** TF depthwise [kh, kw, in, 1] → PyTorch grouped [in, 1, kh, kw]. */
    private NDArray depthwise(TfjsWeights.Tensor t) {
        int[] s = t.shape();
        return manager.create(t.values(), new Shape(s[0], s[1], s[2], s[3])).transpose(2, 3, 0, 1);
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
        try (NDManager m = manager.newSubManager()) {
            float[] pixels = new float[n * INPUT * INPUT * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rgb[i] & 0xff;
            }
            NDArray x = m.create(pixels, new Shape(n, INPUT, INPUT, 3)).transpose(0, 3, 1, 2);
            // face-api: subtract the mean RGB, then divide by 255
            x = x.sub(mean).div(255f);
            for (int b = 0; b < 4; b++) {
                x = denseBlock(x, blocks[b], b == 0);
            }
            NDArray embedding = x.mean(new int[] {3}).mean(new int[] {2}); // 7x7 average pool, 'valid': the whole map
            NDArray probs = embedding.matMul(fcWeight).add(fcBias).softmax(1);
            float[] e = embedding.toType(DataType.FLOAT32, false).toFloatArray();
            float[] p = probs.toFloatArray();
            Output[] out = new Output[n];
            for (int i = 0; i < n; i++) {
                out[i] = new Output(java.util.Arrays.copyOfRange(e, i * EMBEDDING, (i + 1) * EMBEDDING),
                        java.util.Arrays.copyOfRange(p, i * LABELS.size(), (i + 1) * LABELS.size()));
            }
            return List.of(out);
        }
    }

    /** face-api's denseBlock4: the first conv halves the size, the rest are summed densely. */
    private static NDArray denseBlock(NDArray x, NDArray[] p, boolean first) {
        NDArray out1 = first ? conv(samePadStride2(x), p[0], p[2], 2, 1) : separable(samePadStride2(x), p, 0, 2);
        out1 = out1.maximum(0f);
        NDArray out2 = separable(x1(out1), p, 1, 1);
        NDArray in3 = out1.add(out2).maximum(0f);
        NDArray out3 = separable(x1(in3), p, 2, 1);
        NDArray in4 = out1.add(out2.add(out3)).maximum(0f);
        NDArray out4 = separable(x1(in4), p, 3, 1);
        return out1.add(out2.add(out3.add(out4))).maximum(0f);
    }

    /** TF 'same' padding for a 3×3 stride-2 convolution on an even size: one row/column after, none before. */
    private static NDArray samePadStride2(NDArray x) {
        return x.pad(new Shape(0, 1, 0, 1), 0);
    }

    /** TF 'same' padding for 3×3 stride 1: one on every side. */
    private static NDArray x1(NDArray x) {
        return x.pad(new Shape(1, 1, 1, 1), 0);
    }

    private static NDArray separable(NDArray x, NDArray[] p, int conv, int stride) {
        NDArray dw = p[3 * conv];
        NDArray depth = conv(x, dw, null, stride, (int) dw.getShape().get(0));
        return conv(depth, p[3 * conv + 1], p[3 * conv + 2], 1, 1);
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray bias, int stride, int groups) {
        return Conv2d.conv2d(x, w, bias, new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), groups)
                .singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
