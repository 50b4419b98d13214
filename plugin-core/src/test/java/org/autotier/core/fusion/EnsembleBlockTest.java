package org.autotier.core.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleBlockTest {

    @TempDir
    Path tmp;

    @Test
    void everyOutputIsTheMeanOfTheMembers() {
        try (NDManager m = NDManager.newBaseManager()) {
            CmafBlock a = CmafBlockTest.block(CmafConfig.Variant.D, m, 2, 15, 6);
            CmafBlock b = CmafBlockTest.block(CmafConfig.Variant.D, m, 2, 15, 6);
            EnsembleBlock e = new EnsembleBlock(List.of(a, b));
            ParameterStore ps = new ParameterStore(m, false);
            NDList in = CmafBlockTest.inputs(m, new Random(3), 2, 15, 6, new int[] {15, 7}, new int[] {6, 2});
            NDList outA = a.forward(ps, in, false);
            NDList outB = b.forward(ps, in, false);
            NDList mean = e.forward(ps, in, false);
            assertEquals(outA.size(), mean.size());
            float[] la = outA.get(0).toFloatArray();
            float[] lb = outB.get(0).toFloatArray();
            float[] expected = new float[la.length];
            for (int i = 0; i < la.length; i++) {
                expected[i] = (la[i] + lb[i]) / 2;
            }
            assertArrayEquals(expected, mean.get(0).toFloatArray(), 1e-6f, "fused logits");
            float[] aa = outA.get(3).toFloatArray();
            float[] ab = outB.get(3).toFloatArray();
            float[] am = mean.get(3).toFloatArray();
            for (int i = 0; i < am.length; i++) {
                assertEquals((aa[i] + ab[i]) / 2, am[i], 1e-6f, "attention");
            }
        }
    }

    @Test
    void anEnsembleSavesAsOneFileAndReloadsExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = CmafBlockTest.inputs(m, new Random(5), 2, 15, 6, new int[] {15, 9}, new int[] {6, 3});
            float[] before;
            try (Model model = Model.newInstance("cmaf")) {
                EnsembleBlock e = new EnsembleBlock(List.of(
                        CmafBlockTest.block(CmafConfig.Variant.B, model.getNDManager(), 2, 15, 6),
                        CmafBlockTest.block(CmafConfig.Variant.B, model.getNDManager(), 2, 15, 6),
                        CmafBlockTest.block(CmafConfig.Variant.B, model.getNDManager(), 2, 15, 6)));
                e.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 15, 103), new Shape(2, 15),
                        new Shape(2, 6, 16), new Shape(2, 6));
                model.setBlock(e);
                before = e.forward(new ParameterStore(model.getNDManager(), false), in, false).get(1).toFloatArray();
                model.save(tmp, "cmaf");
            }
            try (Model model = Model.newInstance("cmaf")) {
                EnsembleBlock e = new EnsembleBlock(List.of(cmaf(), cmaf(), cmaf()));
                model.setBlock(e);
                model.load(tmp, "cmaf");
                float[] after = e.forward(new ParameterStore(model.getNDManager(), false), in, false).get(1)
                        .toFloatArray();
                assertArrayEquals(before, after, 1e-6f);
            }
        }
    }

    @Test
    void oneMemberIsNoEnsemble() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleBlock(List.of(cmaf())));
    }

    private static CmafBlock cmaf() {
        return new CmafBlock(new CmafConfig(CmafConfig.Variant.B, 103, 16, 8, 8, 4, 0f));
    }
}
