package org.autotier.elan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with the shipped model predicts in ONNX Runtime: PyTorch, whose start was about a
 * third of a short clip's run, is never loaded (docs/benchmarks.md). Checked on the application
 * jar itself, in a process of its own.
 */
class RunWithoutPyTorchTest {
    @TempDir
    Path tmp;

    @Test
    void runNeverLoadsPyTorch() throws Exception {
        Path jar = Path.of(System.getProperty("autotier.elan.extension")).resolve("lib/autotier.jar");
        Path wav = wav(tmp.resolve("tone.wav"));
        Path classes = tmp.resolve("classes.txt");
        Path err = tmp.resolve("err.txt");
        Path eaf = tmp.resolve("tone.eaf");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes, "-jar", jar.toString(), "run", wav.toString(), "-o", eaf.toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "run ended");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertTrue(Files.isRegularFile(eaf), "the EAF was written");
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("org.autotier.core.suggest.OnnxEmotionModel")),
                "the emotion model was loaded, in ONNX Runtime");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" ai.djl.pytorch.")), "PyTorch classes were loaded");
    }

    /** Two seconds of a 220 Hz tone at 16 kHz, 16-bit mono. */
    private static Path wav(Path file) throws Exception {
        int n = 32_000;
        ByteBuffer pcm = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            pcm.putShort((short) (4000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * n);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(header.array());
            out.write(pcm.array());
        }
        return Files.write(file, bytes.toByteArray());
    }
}
