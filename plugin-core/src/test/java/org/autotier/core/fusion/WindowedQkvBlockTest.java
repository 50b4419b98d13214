package org.autotier.core.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WindowedQkvBlockTest {
    @BeforeAll
    static void engine() {
        Djl.pytorch();
    }

    private static WindowedQkvBlock block(NDManager m, long tv) {
        WindowedQkvBlock b = new WindowedQkvBlock(new WindowedQkvConfig(103, 16, 8, 5, 4, 4));
        b.setInitializer(new NormalInitializer(0.3f), ai.djl.nn.Parameter.Type.WEIGHT);
        b.initialize(m, DataType.FLOAT32, new Shape(2, 50, 103), new Shape(2, 50), new Shape(2, tv, 16),
                new Shape(2, tv));
        return b;
    }

    @Test
    void givesTheSameOutputsAsCmafWithVideoOfAnyLength() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 12 video steps do not divide into 5 windows: the block pads them
            WindowedQkvBlock b = block(m, 12);
            NDList out = b.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 50, 103)),
                    m.ones(new Shape(2, 50)), m.randomNormal(new Shape(2, 12, 16)), m.ones(new Shape(2, 12))), false);
            assertEquals(7, out.size());
            assertEquals(new Shape(2, 4), out.get(0).getShape());
            assertEquals(new Shape(2, 4), out.get(1).getShape());
            assertEquals(new Shape(2, 4), out.get(2).getShape());
            assertEquals(new Shape(2, 50), out.get(3).getShape());
            assertEquals(new Shape(2, 12), out.get(4).getShape());
            assertEquals(new Shape(2, 12), out.get(5).getShape());
            assertEquals(new Shape(2, 50), out.get(6).getShape());
            assertFalse(out.get(0).isNaN().any().getBoolean());
        }
    }

    @Test
    void whatIsInThePaddingDoesNotMatter() {
        try (NDManager m = NDManager.newBaseManager()) {
            WindowedQkvBlock b = block(m, 10);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray audio = m.randomNormal(new Shape(1, 50, 103));
            NDArray video = m.randomNormal(new Shape(1, 10, 16));
            NDArray audioMask = m.create(new float[50]).add(1f);
            audioMask.set(new ai.djl.ndarray.index.NDIndex("40:"), 0f);
            audioMask = audioMask.reshape(1, 50);
            NDArray videoMask = m.create(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(1, 10));
            float[] a = b.forward(ps, new NDList(audio, audioMask, video, videoMask), false).get(0).toFloatArray();
            NDArray audio2 = audio.add(m.randomNormal(new Shape(1, 50, 103)).mul(audioMask.expandDims(2).sub(1f)));
            NDArray video2 = video.add(m.randomNormal(new Shape(1, 10, 16)).mul(videoMask.expandDims(2).sub(1f)));
            float[] c = b.forward(ps, new NDList(audio2, audioMask, video2, videoMask), false).get(0).toFloatArray();
            assertArrayEquals(a, c, 1e-5f, "random values under the mask must not matter");
        }
    }
}
