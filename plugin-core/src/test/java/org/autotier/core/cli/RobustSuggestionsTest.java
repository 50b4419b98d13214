package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.autotier.core.augment.AudioAugmentation;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.model.suggest.SuggestionTiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model through {@code run} as a user meets it: a recording's level does not decide
 * its label, and neutral read speech with the face in view is not called confidently emotional.
 */
class RobustSuggestionsTest {
    @TempDir
    Path tmp;

    /** The first (longest) suggestion's label and confidence from the sidecar, and its flags. */
    private static JsonNode firstSuggestion(Path eaf) throws Exception {
        JsonNode root = new ObjectMapper().readTree(SuggestionTiers.sidecar(eaf, "json").toFile());
        JsonNode best = null;
        for (JsonNode s : root.path("suggestions")) {
            if (best == null || s.path("endMs").asLong() - s.path("startMs").asLong()
                    > best.path("endMs").asLong() - best.path("startMs").asLong()) {
                best = s;
            }
        }
        return best;
    }

    @Test
    void theSameClipAtAnyLevelGetsTheSameLabel() throws Exception {
        short[] speech;
        Optional<Path> shared = MediaFixtures.sharedData();
        Path ravdess = shared.map(p -> p.resolve("ravdess-speech-16k/Actor_01/03-01-01-01-01-01-01.wav")).orElse(null);
        if (ravdess != null && java.nio.file.Files.isRegularFile(ravdess)) {
            speech = MediaFixtures.readAudio(ravdess); // a quiet neutral clip (RMS 0.004)
        } else {
            Optional<short[]> e = MediaFixtures.espeak("The kids are talking by the door.", tmp);
            assumeTrue(e.isPresent(), "neither ../shared/data nor espeak-ng is here");
            speech = e.get();
        }
        float[] x = AudioAugmentation.toFloat(speech, speech.length);
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        List<String> labels = new ArrayList<>();
        List<Double> confidences = new ArrayList<>();
        for (double db : new double[] {-30, -10, 0, 6}) {
            // 0 dB is the clip at a usual recording level, its peak at -7 dBFS, so +6 dB does not clip
            double reference = -7 - 20 * Math.log10(peak);
            Path wav = MediaFixtures.wav(tmp.resolve("level" + (int) db + ".wav"),
                    AudioAugmentation.toShort(AudioAugmentation.gain(x, reference + db)), 500);
            Path eaf = tmp.resolve("level" + (int) db + ".eaf");
            CliRun r = CliRun.of("run", wav.toString(), "-o", eaf.toString());
            assertEquals(0, r.exitCode(), r.err());
            JsonNode s = firstSuggestion(eaf);
            assertTrue(s != null, db + " dB: no suggestion: " + r.out() + r.err());
            labels.add(s.path("label").asText());
            confidences.add(s.path("confidence").asDouble());
        }
        System.out.println("level invariance, labels " + labels + ", confidences " + confidences);
        assertTrue(labels.stream().distinct().count() == 1, "one label at every level: " + labels);
        double spread = confidences.stream().mapToDouble(d -> d).max().orElse(0)
                - confidences.stream().mapToDouble(d -> d).min().orElse(0);
        assertTrue(spread <= 0.1, "confidences within 0.1: " + confidences);
    }

    @Test
    void neutralTalkingFacesAreNotCalledConfidentlyEmotional() throws Exception {
        Optional<Path> shared = MediaFixtures.sharedData();
        assumeTrue(shared.isPresent(), "../shared/data is not present");
        Path grid = shared.get().resolve("av-clips/grid");
        List<String> report = new ArrayList<>();
        int confidentEmotional = 0;
        int conflicts = 0;
        int clips = 0;
        try (var files = java.nio.file.Files.list(grid)) {
            for (Path clip : files.filter(p -> p.toString().endsWith(".mpg")).sorted().toList()) {
                Path eaf = tmp.resolve(clip.getFileName() + ".eaf");
                CliRun r = CliRun.of("run", clip.toString(), "-o", eaf.toString());
                assertEquals(0, r.exitCode(), r.err());
                JsonNode s = firstSuggestion(eaf);
                if (s == null) {
                    continue;
                }
                clips++;
                String label = s.path("label").asText();
                double c = s.path("confidence").asDouble();
                report.add(clip.getFileName() + " " + label + " " + String.format("%.2f", c) + " " + s.path("flags"));
                if (!List.of("neutral", "calm").contains(label) && c >= 0.9) {
                    confidentEmotional++;
                }
                for (JsonNode f : s.path("flags")) {
                    conflicts += "MODALITY_CONFLICT".equals(f.asText()) ? 1 : 0;
                }
                // the face's opinion and the fused label: when the audio is out of domain, the face decides
                JsonNode face = s.path("face");
                if (!face.isNull() && !face.isMissingNode() && s.path("outOfDomain").asDouble() > 2) {
                    String faceTop = top(face);
                    assertTrue(org.autotier.core.suggest.LabelMapping.same(faceTop, label),
                            clip.getFileName() + ": out-of-domain audio, so the face's " + faceTop + " decides: " + s);
                }
            }
        }
        System.out.println("GRID (neutral read speech): " + String.join("; ", report));
        assertTrue(clips >= 8, "most GRID clips get a suggestion: " + report);
        assertEquals(0, confidentEmotional, "no confident non-neutral suggestion on neutral speech: " + report);
        assertTrue(conflicts <= 3, "MODALITY_CONFLICT on at most a few: " + report);
        assertFalse(report.isEmpty());
    }

    private static String top(JsonNode distribution) {
        String best = null;
        double p = -1;
        var it = distribution.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().asDouble() > p) {
                p = e.getValue().asDouble();
                best = e.getKey();
            }
        }
        return best;
    }
}
