package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.util.Pair;
import java.util.List;
import org.autotier.core.onnx.OnnxGraph;

/**
 * Writes the audio head of a trained CMAF network without attention (variant B, the shipped
 * model) as an ONNX graph, so that `run` predicts in ONNX Runtime, which the pipeline has loaded
 * already for the VAD, the face detector and the face-expression net, and never starts PyTorch:
 * on a short clip, starting PyTorch and its 300 MB of natives was a third of the run
 * (docs/benchmarks.md). Training stays in DJL/PyTorch.
 *
 * <p>What the graph computes is what {@link CmafBlock} computes for its audio-only logits: a
 * forward LSTM over the frames, a second LSTM over the frames reversed within their length, the
 * two outputs averaged over the real frames, and the linear audio head. The caller prepares the
 * inputs ({@code org.autotier.core.suggest.OnnxEmotionModel}):
 * <ul>
 * <li>{@code frames} [T, N, F]: the normalised frames, time first, zero after each length;</li>
 * <li>{@code reversed} [T, N, F]: each sequence reversed within its length;</li>
 * <li>{@code weights} [1, N, 1, T]: 1/length on the real frames, 0 after.</li>
 * </ul>
 * Output {@code logits} [1, N, 1, C]. The order of the frames inside the mean does not matter, so
 * the backward LSTM's outputs need not be turned round again; the padding after each length never
 * reaches a real frame's output because both LSTMs run forwards from the start of their input.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** Whether {@link #audioHead} can write this block. */
    public static boolean supports(AbstractBlock block) {
        return block instanceof CmafBlock c && c.config().lstm() && !c.config().intraAttention()
                && !c.config().audioToVisual() && !c.config().visualToAudio();
    }

    /**
     * @param frames the model's fixed number of frames (its card's maxFrames)
     * @param graphName stored in the model; the loader checks it against the parameters it was made from
     */
    public static byte[] audioHead(AbstractBlock block, int frames, String graphName) {
        if (!supports(block)) {
            throw new IllegalArgumentException("only a CMAF network without attention (variant B) has an ONNX form");
        }
        CmafBlock cmaf = (CmafBlock) block;
        CmafConfig config = cmaf.config();
        int f = config.audioDim();
        int h = cmaf.audioLstm().hidden();
        OnnxGraph g = new OnnxGraph();
        g.input("frames", frames, -1, f);
        g.input("reversed", frames, -1, f);
        g.input("weights", 1, -1, 1, frames);
        g.output("logits", 1, -1, 1, config.classes());
        String forward = lstm(g, "forward", "frames", cmaf.audioLstm().forwardLstm(), f, h);
        String backward = lstm(g, "backward", "reversed", cmaf.audioLstm().backwardLstm(), f, h);
        String fwMean = g.node("MatMul", List.of("weights", forward));
        String bwMean = g.node("MatMul", List.of("weights", backward));
        String cAud = g.node("Concat", List.of(fwMean, bwMean), OnnxGraph.Attribute.of("axis", 3L)); // [1, N, 1, 2H]
        float[] weight = values(parameter(cmaf.audioHead(), "weight")); // [C, 2H]
        float[] bias = values(parameter(cmaf.audioHead(), "bias"));
        int c = config.classes();
        float[] transposed = new float[2 * h * c];
        for (int row = 0; row < c; row++) {
            for (int col = 0; col < 2 * h; col++) {
                transposed[col * c + row] = weight[row * 2 * h + col];
            }
        }
        String wt = g.constant("head_weight", transposed, 2L * h, c);
        String b = g.constant("head_bias", bias, c);
        String logits = g.node("MatMul", List.of(cAud, wt));
        g.node("Add", List.of(logits, b), "logits");
        return g.toModel(graphName);
    }

    /**
     * One unidirectional LSTM; returns its output as [1, N, T, H]. PyTorch orders the gates
     * input, forget, cell, output; ONNX input, output, forget, cell.
     */
    private static String lstm(OnnxGraph g, String name, String input, LSTM lstm, int f, int h) {
        float[] wIh = gates(values(parameter(lstm, "i2h", "WEIGHT")), h, f);
        float[] wHh = gates(values(parameter(lstm, "h2h", "WEIGHT")), h, h);
        float[] bIh = gates(values(parameter(lstm, "i2h", "BIAS")), h, 1);
        float[] bHh = gates(values(parameter(lstm, "h2h", "BIAS")), h, 1);
        float[] bias = new float[8 * h];
        System.arraycopy(bIh, 0, bias, 0, 4 * h);
        System.arraycopy(bHh, 0, bias, 4 * h, 4 * h);
        String w = g.constant(name + "_W", wIh, 1, 4L * h, f);
        String r = g.constant(name + "_R", wHh, 1, 4L * h, h);
        String b = g.constant(name + "_B", bias, 1, 8L * h);
        String y = g.node("LSTM", List.of(input, w, r, b), name + "_Y", OnnxGraph.Attribute.of("hidden_size", (long) h));
        // Y is [T, 1, N, H]; the mean needs [1, N, T, H]
        return g.node("Transpose", List.of(y), OnnxGraph.Attribute.of("perm", 1L, 2L, 0L, 3L));
    }

    /** Rows of four gate blocks [4H, width], from PyTorch's order (i, f, g, o) to ONNX's (i, o, f, c). */
    private static float[] gates(float[] pytorch, int h, int width) {
        int[] from = {0, 3, 1, 2};
        float[] out = new float[pytorch.length];
        int block = h * width;
        for (int k = 0; k < 4; k++) {
            System.arraycopy(pytorch, from[k] * block, out, k * block, block);
        }
        return out;
    }

    private static NDArray parameter(AbstractBlock block, String... nameParts) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            boolean all = true;
            for (String part : nameParts) {
                all &= p.getKey().contains(part);
            }
            if (all) {
                return p.getValue().getArray();
            }
        }
        throw new IllegalStateException("no parameter named like " + String.join("_", nameParts) + " in "
                + block.getParameters().keys());
    }

    private static float[] values(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
}
