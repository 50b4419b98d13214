package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} refuses counts that make no sense before it reads a corpus or starts PyTorch. */
class TrainOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void aModelNeedsAtLeastOneNetworkAndOneReferencePerSpeaker() {
        Path out = tmp.resolve("model");
        for (String[] bad : new String[][] {{"--members", "0"}, {"--speaker-references", "0"}}) {
            CliRun run = CliRun.of("train", "--corpus", tmp.resolve("no-such-corpus").toString(), "--layout", "ravdess",
                    bad[0], bad[1], "-o", out.toString());
            assertNotEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains(bad[0] + " must be at least 1, not 0"), run.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void theTestSpeakersTrainOnlyWithAnotherCorpusAndPitchShiftsOnlyCopies() {
        Path out = tmp.resolve("model");
        String[][] cases = {{"--test-speakers-train", "needs a --test-corpus"},
            {"--augment-pitch", "give --augment-copies N too"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of("train", "--corpus", tmp.resolve("no-such-corpus").toString(), "--layout", "ravdess",
                    c[0], "-o", out.toString());
            assertNotEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains(c[1]), run.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void aSpeakerAdversaryNeedsAWeightOfZeroOrMoreAndTheCmafNetwork() {
        Path out = tmp.resolve("model");
        String[][] cases = {{"--speaker-adversary", "-1", "--model", "cmaf", "must be 0 or more, not -1.0"},
            {"--speaker-adversary", "0.5", "--model", "windowed-qkv", "needs --model cmaf"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of("train", "--corpus", tmp.resolve("no-such-corpus").toString(), "--layout", "ravdess",
                    c[0], c[1], c[2], c[3], "-o", out.toString());
            assertNotEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains(c[4]), run.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void fewerTrainingSpeakersMustBeAPositiveCount() {
        Path out = tmp.resolve("model");
        CliRun run = CliRun.of("train", "--corpus", tmp.resolve("no-such-corpus").toString(), "--layout", "ravdess",
                "--train-speakers", "-1", "-o", out.toString());
        assertNotEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("--train-speakers must be 0 (all) or more, not -1"), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
