package org.autotier.core.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hysteresis and filters, on hand-made probability sequences (32 ms windows). */
class SpeechRegionsTest {

    private static List<Interval> run(VadParams p, float... probs) {
        SpeechRegions r = new SpeechRegions(p, 32);
        for (int i = 0; i < probs.length; i++) {
            r.window(i, probs[i]);
        }
        return r.regions(probs.length * 32L);
    }

    private static float[] pattern(int... runs) {
        // alternating runs of windows: silence, speech, silence, ...
        int n = 0;
        for (int r : runs) {
            n += r;
        }
        float[] p = new float[n];
        int i = 0;
        boolean speech = false;
        for (int r : runs) {
            for (int k = 0; k < r; k++) {
                p[i++] = speech ? 0.9f : 0.05f;
            }
            speech = !speech;
        }
        return p;
    }

    @Test
    void shortPausesDoNotSplitAnUtterance() {
        VadParams p = new VadParams(0.5, 250, 500, 0);
        // 1 s silence, 1 s speech, 0.32 s pause, 1 s speech, 2 s silence
        List<Interval> r = run(p, pattern(31, 31, 10, 31, 62));
        assertEquals(List.of(new Interval(31 * 32, (31 + 31 + 10 + 31) * 32)), r);
    }

    @Test
    void longPausesSplitAndShortBlipsAreDropped() {
        VadParams p = new VadParams(0.5, 250, 500, 0);
        // speech 1 s, pause 0.8 s, blip 0.1 s, pause 0.8 s, speech 0.5 s
        List<Interval> r = run(p, pattern(10, 31, 25, 3, 25, 16, 20));
        assertEquals(2, r.size(), r.toString());
        assertEquals(10 * 32, r.get(0).startMs());
        assertEquals((10 + 31 + 25 + 3 + 25) * 32, r.get(1).startMs());
    }

    @Test
    void paddingNeverCrossesTheMidpointToANeighbour() {
        VadParams p = new VadParams(0.5, 100, 300, 200);
        List<Interval> r = run(p, pattern(5, 20, 12, 20, 5));
        assertEquals(2, r.size());
        assertEquals(0, r.get(0).startMs(), "clipped at the start of the media");
        assertEquals(r.get(0).endMs(), r.get(1).startMs(), "neighbours meet at the midpoint of a 384 ms gap");
        assertEquals(62 * 32, r.get(1).endMs(), "clipped at the end of the media");
    }

    @Test
    void weakProbabilitiesBetweenTheThresholdsKeepSpeechGoing() {
        VadParams p = new VadParams(0.5, 0, 96, 0);
        float[] probs = {0.1f, 0.9f, 0.4f, 0.4f, 0.4f, 0.4f, 0.9f, 0.1f, 0.1f, 0.1f, 0.1f};
        assertEquals(List.of(new Interval(32, 7 * 32)), run(p, probs), "0.4 is above threshold - 0.15");
    }
}
