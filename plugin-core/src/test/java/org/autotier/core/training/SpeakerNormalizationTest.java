package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeakerNormalizationTest {

    private static float[][] clip(Random r, double offset, double scale, int frames) {
        float[][] x = new float[frames][2];
        for (float[] f : x) {
            f[0] = (float) (offset + scale * r.nextGaussian());
            f[1] = (float) (-offset + 2 * scale * r.nextGaussian());
        }
        return x;
    }

    @Test
    void eachSpeakersFramesEndUpWithMeanZeroAndUnitDeviation() {
        Random r = new Random(3);
        List<FeatureTable.Clip> clips = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            clips.add(new FeatureTable.Clip(clip(r, 5, 1, 200), k % 2, "low"));
            clips.add(new FeatureTable.Clip(clip(r, 40, 7, 200), k % 2, "high"));
        }
        List<FeatureTable.Clip> out = SpeakerNormalization.perSpeaker(clips, null);
        for (String who : List.of("low", "high")) {
            List<float[][]> frames = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).speaker().equals(who)) {
                    frames.add(out.get(i).frames());
                    assertEquals(clips.get(i).label(), out.get(i).label());
                }
            }
            Normalizer n = Normalizer.fitFrames(frames);
            assertArrayEquals(new double[] {0, 0}, n.mean(), 1e-5, who);
            assertArrayEquals(new double[] {1, 1}, n.std(), 1e-4, who);
        }
    }

    @Test
    void normaliseIsTheZScoreAndPackCropsAndMasks() {
        Normalizer n = new Normalizer(new double[] {1, 2}, new double[] {2, 4});
        assertArrayEquals(new float[] {0.5f, -0.5f}, n.normalise(new float[][] {{2, 0}})[0], 1e-6f);
        float[][] packed = n.pack(List.of(new float[][] {{1, 2}, {3, 6}, {5, 10}}, new float[][] {{1, 2}}), 2);
        // the first sequence is centre-cropped to 2 frames (offset 0), the second zero-padded
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, packed[0], 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1, 0}, packed[1], 1e-6f);
    }

    @Test
    void aShortRecordingLeansOnThePopulationALongOneOnItself() {
        Normalizer prior = new Normalizer(new double[] {0, 0}, new double[] {1, 1});
        Random r = new Random(5);
        float[][] shortClip = clip(r, 10, 1, 300);   // 3 s
        float[][] longRecording = clip(r, 10, 1, 60_000); // 10 min
        double shortMean = Normalizer.fitFrames(List.<float[][]>of(alone(shortClip, prior))).mean()[0];
        double longMean = Normalizer.fitFrames(List.<float[][]>of(alone(longRecording, prior))).mean()[0];
        // pooled by hand: short w = 300/3300, mean 0.91, sd 3.04 -> 2.99; long w = 0.952, mean 9.52, sd 2.36 -> 0.2
        assertTrue(shortMean > 2.5, "a 3-s clip keeps its level: " + shortMean);
        assertTrue(Math.abs(longMean) < 0.6, "a 10-min recording is normalised by itself: " + longMean);
    }

    @Test
    void aRecordingNormalisedOneSegmentAtATimeEqualsItsSegmentsNormalisedTogether() {
        Normalizer prior = new Normalizer(new double[] {0, 0}, new double[] {1, 1});
        Random r = new Random(7);
        List<float[][]> a = List.of(clip(r, 3, 2, 400), clip(r, 4, 1, 250), new float[0][], clip(r, 2, 3, 90));
        List<float[][]> b = List.of(clip(r, -5, 1, 700), clip(r, -4, 2, 120));
        FeatureNormalization.Recording rec = FeatureNormalization.SPEAKER.forRecording(prior);
        a.forEach(f -> rec.observe("A", f));
        b.forEach(f -> rec.observe("B", f));
        // as training normalises a speaker's clips: with the statistics of all of them (perSpeaker)
        Normalizer ofA = SpeakerNormalization.shrunk(a, prior);
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(ofA.normalise(a.get(k)), rec.normalise("A", a.get(k)), "segment " + k + " of A");
        }
        assertArrayEquals(SpeakerNormalization.shrunk(b, prior).normalise(b.get(1)), rec.normalise("B", b.get(1)));
        // utterance normalisation needs no speaker statistics; global leaves the frames as they are
        assertArrayEquals(FeatureNormalization.utterance(b.get(0)),
                FeatureNormalization.UTTERANCE.forRecording(prior).normalise("B", b.get(0)));
        assertTrue(FeatureNormalization.GLOBAL.forRecording(prior).normalise("B", b.get(0)) == b.get(0));
    }

    /** A recording of one segment, normalised as `run` normalises it. */
    private static float[][] alone(float[][] frames, Normalizer prior) {
        FeatureNormalization.Recording rec = FeatureNormalization.SPEAKER.forRecording(prior);
        rec.observe("", frames);
        return rec.normalise("", frames);
    }
}
