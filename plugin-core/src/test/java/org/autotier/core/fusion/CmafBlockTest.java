package org.autotier.core.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CmafBlockTest {

    @TempDir
    Path tmp;

    static CmafBlock block(CmafConfig.Variant v, NDManager m, long batch, long ta, long tv) {
        CmafBlock b = new CmafBlock(new CmafConfig(v, 103, 16, 8, 8, 4, 0f));
        b.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        b.initialize(m, DataType.FLOAT32, new Shape(batch, ta, 103), new Shape(batch, ta), new Shape(batch, tv, 16),
                new Shape(batch, tv));
        return b;
    }

    static NDList inputs(NDManager m, Random r, int batch, int ta, int tv, int[] lenA, int[] lenV) {
        float[] a = new float[batch * ta * 103];
        float[] v = new float[batch * tv * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        float[] ma = new float[batch * ta];
        float[] mv = new float[batch * tv];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lenA[b]; t++) {
                ma[b * ta + t] = 1;
            }
            for (int t = 0; t < lenV[b]; t++) {
                mv[b * tv + t] = 1;
            }
        }
        return new NDList(m.create(a, new Shape(batch, ta, 103)), m.create(ma, new Shape(batch, ta)),
                m.create(v, new Shape(batch, tv, 16)), m.create(mv, new Shape(batch, tv)));
    }

    @ParameterizedTest
    @EnumSource(CmafConfig.Variant.class)
    void everyVariantGivesLogitsAndAttentionOfTheRightShape(CmafConfig.Variant variant) {
        try (NDManager m = NDManager.newBaseManager()) {
            CmafBlock b = block(variant, m, 3, 50, 12);
            NDList out = b.forward(new ParameterStore(m, false), inputs(m, new Random(1), 3, 50, 12,
                    new int[] {50, 30, 1}, new int[] {12, 5, 1}), false);
            assertEquals(7, out.size());
            assertEquals(new Shape(3, 4), out.get(0).getShape());
            assertEquals(new Shape(3, 4), out.get(1).getShape());
            assertEquals(new Shape(3, 50), out.get(3).getShape());
            assertEquals(new Shape(3, 12), out.get(5).getShape());
            assertTrue(out.get(0).isInfinite().any().getBoolean() == false && out.get(0).isNaN().any().getBoolean() == false);
            // attention weights sum to one over real frames and are zero on padding
            float[] alphaA = out.get(3).toFloatArray();
            double sum = 0;
            for (int t = 0; t < 30; t++) {
                sum += alphaA[50 + t];
            }
            assertEquals(1.0, sum, 1e-4);
            for (int t = 30; t < 50; t++) {
                assertEquals(0.0, alphaA[50 + t], 1e-7, "padding gets no weight");
            }
        }
    }

    @Test
    void paddingDoesNotChangeTheResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            CmafBlock b = block(CmafConfig.Variant.D, m, 1, 20, 8);
            ParameterStore ps = new ParameterStore(m, false);
            NDList shortIn = inputs(m, new Random(4), 1, 20, 8, new int[] {20}, new int[] {8});
            NDList padded = new NDList(
                    shortIn.get(0).concat(m.randomNormal(new Shape(1, 13, 103)), 1),
                    shortIn.get(1).concat(m.zeros(new Shape(1, 13)), 1),
                    shortIn.get(2).concat(m.randomNormal(new Shape(1, 6, 16)), 1),
                    shortIn.get(3).concat(m.zeros(new Shape(1, 6)), 1));
            float[] a = b.forward(ps, shortIn, false).get(0).toFloatArray();
            float[] c = b.forward(ps, padded, false).get(0).toFloatArray();
            assertArrayEquals(a, c, 1e-4f, "random values in the padding must not matter");
        }
    }

    @Test
    void reverseWithinLengthKeepsPaddingInPlace() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 10f).reshape(2, 5, 1);
            NDArray mask = m.create(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, new Shape(2, 5));
            assertArrayEquals(new float[] {2, 1, 0, 3, 4, 9, 8, 7, 6, 5}, Masks.reverseWithin(x, mask).toFloatArray());
        }
    }

    @Test
    void savedParametersReloadExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = inputs(m, new Random(9), 2, 15, 6, new int[] {15, 9}, new int[] {6, 3});
            float[] before;
            try (Model model = Model.newInstance("cmaf")) {
                CmafBlock b = block(CmafConfig.Variant.D, model.getNDManager(), 2, 15, 6);
                model.setBlock(b);
                before = b.forward(new ParameterStore(model.getNDManager(), false), in, false).get(0).toFloatArray();
                model.save(tmp, "cmaf");
            }
            try (Model model = Model.newInstance("cmaf")) {
                CmafBlock b = new CmafBlock(new CmafConfig(CmafConfig.Variant.D, 103, 16, 8, 8, 4, 0f));
                model.setBlock(b);
                model.load(tmp, "cmaf");
                float[] after = b.forward(new ParameterStore(model.getNDManager(), false), in, false).get(0)
                        .toFloatArray();
                assertArrayEquals(before, after, 0f);
            }
        }
    }
}
