package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.testing.MediaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus's augmented copies depend on the seed and the clip, not on how its folder was spelled. */
class AugmentedCopiesTest {
    @TempDir
    Path tmp;

    @Test
    void theSameClipReachedByAnotherPathGetsTheSameCopies() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("corpus"));
        short[] pcm = new short[16_000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0) * (1 + 0.3 * Math.sin(i / 900.0)));
        }
        Path wav = MediaFixtures.wav(dir.resolve("a.wav"), pcm, 0);
        Path roundabout = tmp.resolve("corpus").resolve("..").resolve("corpus").resolve("a.wav");
        AudioFeatureConfig f = AudioFeatureConfig.SEED_000;
        Sample direct = new Sample(wav.toAbsolutePath(), "s1", 0, 0, -1, "corpus");
        Sample other = new Sample(roundabout, "s1", 0, 0, -1, "corpus");
        FeatureTable.Clip original = new FeatureTable.Clip(FeatureTable.features(direct, f), 0, "s1");
        float[][] a = FeatureTable.augmented(List.of(direct), List.of(original), f, 1, 42, false, false, 1).get(0).get(0)
                .frames();
        float[][] b = FeatureTable.augmented(List.of(other), List.of(original), f, 1, 42, false, false, 1).get(0).get(0)
                .frames();
        assertEquals(a.length, b.length);
        for (int t = 0; t < a.length; t++) {
            assertArrayEquals(a[t], b[t], "frame " + t);
        }
        float[][] c = FeatureTable.augmented(List.of(direct), List.of(original), f, 1, 43, false, false, 1).get(0).get(0)
                .frames();
        assertFalse(c.length == a.length && java.util.Arrays.deepEquals(a, c), "another seed, other copies");
    }

    @Test
    void aClipInAnotherVoiceIsItsOwnSpeakerWithThePitchMoved() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("voices"));
        // a voiced, vowel-like sound: 150 Hz and its harmonics, for 1.5 s between silences
        short[] pcm = new short[32_000];
        for (int i = 4_000; i < 28_000; i++) {
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(2 * Math.PI * 150 * h * i / 16_000.0) / h;
            }
            pcm[i] = (short) (5000 * v);
        }
        Sample s = new Sample(MediaFixtures.wav(dir.resolve("v.wav"), pcm, 0).toAbsolutePath(), "s1", 2, 0, -1,
                "corpus");
        AudioFeatureConfig f = AudioFeatureConfig.LEVEL_FREE;
        double[] before = FunctionalExpert.select(FeatureTable.extract(List.of(s), f, 1, true).functionals().get(0),
                FunctionalExpert.PITCH);
        FeatureTable.Extracted up = FeatureTable.inAnotherVoice(List.of(s), f, 4, 1);
        double[] after = FunctionalExpert.select(up.functionals().get(0), FunctionalExpert.PITCH);
        assertEquals("s1@+4", up.clips().get(0).speaker(), "a speaker of their own");
        assertEquals(2, up.clips().get(0).label());
        // the second pitch statistic is the mean F0 in semitones
        assertEquals(before[1] + 4, after[1], 0.3, "the voice is 4 semitones higher");
        assertEquals(FeatureTable.features(s, f).length, up.clips().get(0).frames().length, 2,
                "the tempo is kept: as many frames");
    }
}
