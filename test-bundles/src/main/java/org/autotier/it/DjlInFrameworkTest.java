package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtEngineProvider;
import org.junit.jupiter.api.Test;

/**
 * DJL and PyTorch load inside Felix from the runtime-djl bundle, offline: engine discovery does
 * not depend on the thread context class loader, and the natives come from the embedded jar.
 */
class DjlInFrameworkTest {

    /** The pattern every autotier bundle uses before its first DJL call (docs/decisions/runtime-bundles.md). */
    static Engine pytorch() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // DJL finds its natives and engines through the context class loader: point it at the
            // runtime bundle that embeds them, and register the engine explicitly.
            Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
            if (!Engine.hasEngine("PyTorch")) {
                Engine.registerEngine(new PtEngineProvider());
            }
            return Engine.getEngine("PyTorch");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void pytorchComputesInsideTheFramework() {
        Engine engine = pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            assertArrayEquals(new float[] {7, 10, 15, 22}, a.matMul(a).toFloatArray());
        }
    }
}
