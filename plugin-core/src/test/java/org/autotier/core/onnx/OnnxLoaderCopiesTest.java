package org.autotier.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's loader copies its native libraries (22 MB) into a fresh temporary folder at every
 * start; a killed worker used to leave them behind, and every ended process the empty folder.
 */
class OnnxLoaderCopiesTest {

    @Test
    void theLibraryCopiesAreGoneOnceTheRuntimeIsLoaded() throws Exception {
        OnnxModels.environment();
        var field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
        field.setAccessible(true);
        Path dir = (Path) field.get(null);
        assertNotNull(dir, "ORT extracted its libraries somewhere");
        assertTrue(dir.getFileName().toString().startsWith("onnxruntime-java"), dir.toString());
        assertFalse(Files.exists(dir), dir + " should have been removed with the libraries in it");
        // the loaded runtime still runs models without the files
        OnnxGraph g = new OnnxGraph().input("x", -1, 2).output("y", -1, 2);
        g.node("Relu", List.of("x"), "y");
        try (OrtSession s = OnnxModels.open(g.toModel("relu"), "relu");
                OnnxTensor x = OnnxTensor.createTensor(OnnxModels.environment(),
                        FloatBuffer.wrap(new float[] {-1, 2}), new long[] {1, 2});
                OrtSession.Result r = s.run(Map.of("x", x))) {
            assertArrayEquals(new float[] {0, 2}, ((float[][]) r.get("y").orElseThrow().getValue())[0]);
        }
    }
}
