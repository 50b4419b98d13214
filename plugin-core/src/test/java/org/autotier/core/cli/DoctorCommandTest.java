package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `autotier doctor` reports what is really there, and fails on what is missing. */
class DoctorCommandTest {
    private static final Path SHIPPED = Path.of("..", "models", "emotion-audio");

    private static Map<String, JsonNode> checks(CliRun r) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(r.out())) {
            byName.put(c.get("name").asText().strip(), c);
        }
        return byName;
    }

    @Test
    void reportsEnginesCoresAndModelChecksums() throws Exception {
        CliRun r = CliRun.of("doctor", "--model", SHIPPED.toString(), "--json");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Map<String, JsonNode> c = checks(r);
        assertTrue(c.get("machine").get("detail").asText()
                .contains(Runtime.getRuntime().availableProcessors() + " cores available"), c.get("machine").toString());
        assertTrue(c.get("pytorch").get("detail").asText().startsWith("PyTorch 2.5.1"), c.get("pytorch").toString());
        assertTrue(c.get("onnxruntime").get("detail").asText().startsWith("ONNX Runtime 1.24.2"), c.get("onnxruntime").toString());
        assertTrue(c.get("ffmpeg").get("detail").asText().startsWith("FFmpeg "), c.get("ffmpeg").toString());
        assertEquals("ok", c.get("gpu").get("status").asText());
        // the checksums are the files' own: computed here independently
        String modelJson;
        try (InputStream in = Files.newInputStream(SHIPPED.resolve("model.json"))) {
            modelJson = DoctorCommand.digest(in);
        }
        assertEquals(modelJson, c.get("model.json").get("detail").asText());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(SHIPPED.resolve("model.json"))));
        assertTrue(modelJson.startsWith("sha256 " + sha), modelJson);
        assertTrue(c.get("cpu engine").get("detail").asText().startsWith("ONNX Runtime (model.onnx made from these"),
                "the shipped model runs without PyTorch on the CPU: " + c.get("cpu engine"));
        for (String m : DoctorCommand.BUNDLED_MODELS) {
            assertEquals("ok", c.get("model " + m).get("status").asText(), m);
        }
        // and the human-readable form carries the same lines
        CliRun text = CliRun.of("doctor", "--model", SHIPPED.toString());
        assertEquals(0, text.exitCode());
        assertTrue(text.out().contains("ok    pytorch"), text.out());
        assertTrue(text.out().contains(sha), text.out());
    }

    @Test
    void aModelWithoutItsOnnxFormIsSaidToRunInPyTorch(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"model.json", "cmaf-0000.params"}) {
            Files.copy(SHIPPED.resolve(f), dir.resolve(f));
        }
        CliRun r = CliRun.of("doctor", "--model", dir.toString(), "--json");
        assertTrue(checks(r).get("cpu engine").get("detail").asText().startsWith("DJL/PyTorch: no model.onnx"),
                r.out());
    }

    @Test
    void aMissingModelFailsAndNamesTheFolder(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-model-here");
        CliRun r = CliRun.of("doctor", "--model", missing.toString(), "--json");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.out());
        JsonNode m = checks(r).get("emotion model no-model-here");
        assertEquals("fail", m.get("status").asText());
        assertTrue(m.get("detail").asText().contains(missing.toAbsolutePath().toString()), m.toString());
        assertTrue(r.err().contains("1 check(s) failed"), r.err());
    }
}
