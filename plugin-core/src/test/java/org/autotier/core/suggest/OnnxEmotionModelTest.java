package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.features.AudioFeatureExtractor;
import org.autotier.core.fusion.OnnxExport;
import org.autotier.core.training.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model in ONNX Runtime gives what it gives in DJL/PyTorch, its model.onnx is the one
 * its parameters make, and a model.onnx made from other parameters is never used.
 */
class OnnxEmotionModelTest {
    private static final Path SHIPPED = Path.of("..", "models", "emotion-audio");

    @TempDir
    Path tmp;

    /** Feature sequences of the lengths `run` meets: a 25-ms scrap, short and long segments, one beyond maxFrames. */
    private static List<float[][]> inputs(int dim) {
        Random random = new Random(11);
        List<float[][]> out = new ArrayList<>();
        for (int frames : new int[] {1, 7, 60, 299, 300, 301, 777}) {
            float[][] x = new float[frames][dim];
            for (float[] row : x) {
                for (int i = 0; i < dim; i++) {
                    row[i] = (float) (random.nextGaussian() * 2);
                }
            }
            out.add(x);
        }
        return out;
    }

    @Test
    void theShippedModelGivesTheSameDistributionsInBothEngines() throws Exception {
        try (EmotionPredictor pytorch = EmotionPredictor.open(SHIPPED, "cpu", 4, false);
                EmotionPredictor onnx = EmotionPredictor.open(SHIPPED, "cpu", 4, true)) {
            assertFalse(pytorch.onnx());
            assertTrue(onnx.onnx(), "the shipped model has a current model.onnx");
            List<float[][]> audio = inputs(onnx.card().audioDim());
            audio.addAll(realFeatures(onnx));
            List<EmotionPredictor.Prediction> a = pytorch.predict(audio, null);
            List<EmotionPredictor.Prediction> b = onnx.predict(audio, null);
            assertEquals(a.size(), b.size());
            double worst = 0;
            for (int i = 0; i < a.size(); i++) {
                for (int c = 0; c < a.get(i).audio().length; c++) {
                    worst = Math.max(worst, Math.abs(a.get(i).audio()[c] - b.get(i).audio()[c]));
                }
                assertArrayEquals(a.get(i).audioAttention(), b.get(i).audioAttention(), 1e-7f, "frame weights #" + i);
                assertNull(b.get(i).fused());
            }
            assertTrue(worst < 1e-5, "largest difference in a probability: " + worst);
        }
    }

    /** Features of a synthesised voice-like signal (harmonics with a moving pitch), as run computes them. */
    private static List<float[][]> realFeatures(EmotionPredictor p) {
        AudioFeatureExtractor extractor = new AudioFeatureExtractor(p.card().features());
        List<float[][]> out = new ArrayList<>();
        for (int seconds : new int[] {1, 3}) {
            short[] pcm = new short[16_000 * seconds];
            double phase = 0;
            for (int i = 0; i < pcm.length; i++) {
                double f0 = 120 + 40 * Math.sin(2 * Math.PI * i / 16_000.0);
                phase += 2 * Math.PI * f0 / 16_000;
                double v = 0;
                for (int k = 1; k <= 8; k++) {
                    v += Math.sin(k * phase) / k;
                }
                pcm[i] = (short) (3000 * v);
            }
            out.add(extractor.extract(pcm, pcm.length));
        }
        return out;
    }

    @Test
    void theShippedModelOnnxIsWhatItsParametersMake() throws Exception {
        Path copy = copyOfShipped();
        try (ModelStore.Loaded loaded = ModelStore.load(copy, ai.djl.Device.cpu())) {
            assertTrue(OnnxExport.supports(loaded.block()));
            ModelStore.writeOnnx(copy, loaded.card(), loaded.block());
        }
        assertArrayEquals(Files.readAllBytes(SHIPPED.resolve(ModelStore.ONNX)), Files.readAllBytes(copy.resolve(ModelStore.ONNX)),
                "models/emotion-audio/model.onnx is stale: ./autotier export-onnx --model models/emotion-audio");
    }

    @Test
    void aModelOnnxMadeFromOtherParametersIsNeverUsed() throws Exception {
        Path copy = copyOfShipped();
        try (ModelStore.Loaded loaded = ModelStore.load(copy, ai.djl.Device.cpu())) {
            Files.write(copy.resolve(ModelStore.ONNX), OnnxExport.audioHead(loaded.block(), loaded.card().maxFrames(),
                    "autotier audio head, parameters sha256 0000"));
        }
        assertNull(OnnxEmotionModel.openIfCurrent(copy, ModelStore.readCard(copy), 1));
        try (EmotionPredictor p = EmotionPredictor.open(copy, "cpu", 0, true)) {
            assertFalse(p.onnx(), "falls back to PyTorch");
        }
        Files.delete(copy.resolve(ModelStore.ONNX));
        try (EmotionPredictor p = EmotionPredictor.open(copy, "cpu", 0, true)) {
            assertFalse(p.onnx(), "no model.onnx: PyTorch");
        }
        assertNotNull(OnnxEmotionModel.openIfCurrent(SHIPPED, ModelStore.readCard(SHIPPED), 1));
    }

    private Path copyOfShipped() throws Exception {
        org.autotier.core.fusion.Djl.pytorch();
        Path copy = Files.createDirectories(tmp.resolve("model"));
        for (String f : new String[] {ModelStore.CARD, ModelStore.NAME + "-0000.params"}) {
            Files.copy(SHIPPED.resolve(f), copy.resolve(f));
        }
        return copy;
    }
}
