package org.autotier.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.autotier.core.onnx.OnnxGraph.Attribute;
import org.junit.jupiter.api.Test;

/** The ONNX writer against ONNX Runtime itself: what it writes loads and computes as written. */
class OnnxGraphTest {
    @Test
    void convolutionWithBiasAndAttributesComputesAsWritten() throws Exception {
        // x [N,1,2,2] → 1×1 conv (weight 2, bias 1) → relu → mean over H,W → softmax over 1 class is 1;
        // checked on the conv + relu output and the mean
        OnnxGraph g = new OnnxGraph().input("x", -1, 1, 2, 2).output("y", -1, 1, 2, 2).output("m", -1, 1);
        String conv = g.node("Conv", List.of("x", g.constant("w", new float[] {2f}, 1, 1, 1, 1),
                g.constant("b", new float[] {1f}, 1)), Attribute.of("strides", 1L, 1L), Attribute.of("pads", 0L, 0L, 0L, 0L),
                Attribute.of("group", 1L));
        g.node("Relu", List.of(conv), "y");
        g.node("ReduceMean", List.of("y"), "m", Attribute.of("axes", 2L, 3L), Attribute.of("keepdims", 0L));
        try (OrtSession s = OnnxModels.open(g.toModel("test"), "test");
                OnnxTensor x = OnnxTensor.createTensor(OnnxModels.environment(),
                        FloatBuffer.wrap(new float[] {-3, 0, 1, 2, 4, -1, 0.5f, 0}), new long[] {2, 1, 2, 2});
                OrtSession.Result r = s.run(Map.of("x", x))) {
            float[][][][] y = (float[][][][]) r.get("y").orElseThrow().getValue();
            assertArrayEquals(new float[] {0, 1}, y[0][0][0]);
            assertArrayEquals(new float[] {3, 5}, y[0][0][1]);
            assertArrayEquals(new float[] {9, 0}, y[1][0][0]);
            float[][] m = (float[][]) r.get("m").orElseThrow().getValue();
            assertArrayEquals(new float[] {2.25f}, m[0], 1e-6f);
            assertArrayEquals(new float[] {(9 + 0 + 2 + 1) / 4f}, m[1], 1e-6f);
        }
    }

    @Test
    void constantOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OnnxGraph().constant("c", new float[3], 2, 2));
    }
}
