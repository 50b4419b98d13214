package org.autotier.elan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled extension folder, driven the way ELAN drives a local recognizer. */
class ElanRecognizerTest {
    private static final Set<String> FLAGS =
            Set.of("LOW_CONFIDENCE", "MODALITY_CONFLICT", "UNSTABLE", "WEAK_EVIDENCE", "HUMAN_DISAGREEMENT",
                    "OUT_OF_DOMAIN");
    private static Path folder;
    private static LocalRecognizerHarness elan;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() throws Exception {
        folder = Path.of(System.getProperty("autotier.elan.extension"));
        elan = new LocalRecognizerHarness(folder, "autotier.cmdi");
    }

    @Test
    void theFolderIsACompleteLocalRecognizer() {
        assertEquals("local", elan.recognizer().getAttribute("recognizerType"));
        for (String platform : List.of("runLinux", "runMac", "runWin")) {
            String cmd = elan.recognizer().getAttribute(platform).trim();
            assertFalse(cmd.isEmpty(), platform);
            Path launcher = folder.resolve(cmd.split("\\s+")[0]);
            assertTrue(Files.isRegularFile(launcher), platform + ": " + launcher);
        }
        assertTrue(Files.isExecutable(folder.resolve("autotier-recognizer.sh")));
        assertTrue(Files.isRegularFile(folder.resolve("lib/autotier.jar")));
        assertTrue(Files.isRegularFile(folder.resolve("models/emotion-audio/model.json")));
        assertTrue(Files.isRegularFile(folder.resolve("autotier.html")));
        assertEquals(List.of("source", "video"), elan.parameters("input"));
        assertEquals(List.of("segments_tier", "emotion_tier", "confidence_tier", "flags_tier"),
                elan.parameters("output"));
        assertEquals(Set.of("low_confidence", "vad_threshold", "face_weight", "analysis_fps", "window_ms", "device",
                "model"), elan.defaults().keySet());
    }

    private Map<String, String> params(String inputName, Path media) {
        Map<String, String> p = new LinkedHashMap<>(elan.defaults());
        p.put(inputName, media.toString());
        p.put("segments_tier", tmp.resolve("segments.xml").toString());
        p.put("emotion_tier", tmp.resolve("emotion.xml").toString());
        p.put("confidence_tier", tmp.resolve("confidence.xml").toString());
        p.put("flags_tier", tmp.resolve("flags.xml").toString());
        return p;
    }

    private void checkOutputs(LocalRecognizerHarness.Run run, boolean video) throws Exception {
        assertEquals("DONE.", run.result(), String.join("\n", run.lines()));
        assertEquals(0, run.exitCode());
        assertFalse(run.progress().isEmpty());
        for (int i = 0; i < run.progress().size(); i++) {
            double p = run.progress().get(i);
            assertTrue(p >= 0 && p <= 1, "progress in [0, 1]: " + p);
            assertTrue(i == 0 || p >= run.progress().get(i - 1), "progress never goes back");
        }
        List<LocalRecognizerHarness.Span> segments = LocalRecognizerHarness.readTiers(tmp.resolve("segments.xml"))
                .get("autotier-speech-face");
        List<LocalRecognizerHarness.Span> emotion = LocalRecognizerHarness.readTiers(tmp.resolve("emotion.xml"))
                .get("autotier-emotion");
        List<LocalRecognizerHarness.Span> confidence =
                LocalRecognizerHarness.readTiers(tmp.resolve("confidence.xml")).get("autotier-confidence");
        List<LocalRecognizerHarness.Span> flags = LocalRecognizerHarness.readTiers(tmp.resolve("flags.xml"))
                .get("autotier-flags");
        assertFalse(segments.isEmpty());
        assertEquals(segments.size(), emotion.size());
        assertEquals(segments.size(), confidence.size());
        assertEquals(segments.size(), flags.size());
        for (int i = 0; i < segments.size(); i++) {
            var s = segments.get(i);
            assertTrue(s.startMs() >= 0 && s.endMs() > s.startMs(), s.toString());
            assertEquals(s.startMs(), emotion.get(i).startMs());
            assertEquals(s.endMs(), flags.get(i).endMs());
            assertEquals(video, s.value().startsWith("face"), s.value());
            double c = Double.parseDouble(confidence.get(i).value());
            assertTrue(c > 0 && c <= 1, "confidence " + c);
            for (String f : flags.get(i).value().split(" ")) {
                assertTrue(f.isEmpty() || FLAGS.contains(f), f);
            }
            if (!video) {
                assertFalse(flags.get(i).value().contains("MODALITY_CONFLICT"), "audio only: no conflict");
            }
        }
    }

    @Test
    void speechRecordingGivesTiersAsElanReadsThem() throws Exception {
        assumeTrue(LocalRecognizerHarness.commandExists("espeak-ng"), "espeak-ng is not installed");
        Path wav = tmp.resolve("speech.wav");
        Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "Shall we read the story about the bear?")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        checkOutputs(elan.run(params("source", wav), 300), false);
    }

    @Test
    void talkingFaceVideoGivesFaceSegments() throws Exception {
        Path grid = Path.of(System.getProperty("autotier.shared.data", "/nonexistent"), "av-clips/grid/bbaf2n.mpg");
        assumeTrue(Files.isRegularFile(grid), "../shared/data is not present");
        checkOutputs(elan.run(params("video", grid), 300), true);
    }

    @Test
    void aMissingRecordingFailsWithAMessageNamingIt() throws Exception {
        Path missing = tmp.resolve("no such recording.mp4");
        LocalRecognizerHarness.Run run = elan.run(params("video", missing), 300);
        assertEquals("FAILED.", run.result(), String.join("\n", run.lines()));
        assertTrue(run.lines().stream().anyMatch(l -> l.contains(missing.toString())), run.lines().toString());
        assertFalse(Files.exists(tmp.resolve("emotion.xml")), "no output on failure");
    }
}
