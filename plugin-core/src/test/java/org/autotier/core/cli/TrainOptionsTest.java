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
        for (String option : new String[] {"--members", "--speaker-references"}) {
            assertRefused(option + " must be at least 1, not 0", option, "0");
        }
    }

    @Test
    void theTestSpeakersTrainOnlyWithAnotherCorpusAndPitchShiftsOnlyCopies() {
        assertRefused("needs a --test-corpus", "--test-speakers-train");
        assertRefused("give --augment-copies N too", "--augment-pitch");
    }

    @Test
    void aSpeakerAdversaryNeedsAWeightOfZeroOrMoreAndTheCmafNetwork() {
        assertRefused("must be 0 or more, not -1.0", "--speaker-adversary", "-1", "--model", "cmaf");
        assertRefused("needs --model cmaf", "--speaker-adversary", "0.5", "--model", "windowed-qkv");
    }

    @Test
    void fewerTrainingSpeakersMustBeAPositiveCount() {
        assertRefused("--train-speakers must be 0 (all) or more, not -1", "--train-speakers", "-1");
    }

    /** train with {@code options} on a corpus that does not exist fails with {@code expected}, writing nothing. */
    private void assertRefused(String expected, String... options) {
        Path out = tmp.resolve("model");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--corpus",
                tmp.resolve("no-such-corpus").toString(), "--layout", "ravdess"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("-o", out.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertNotEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
