package org.autotier.core.segment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.SileroVad;
import org.autotier.core.vad.SpeechRegions;
import org.autotier.core.vad.VadParams;
import org.junit.jupiter.api.Test;

/**
 * The face net skips the frames no segment can reach, and keeps no output for them: that is safe
 * only if {@link SpeechRegions#speechMayReach} never rules out a time a segment later covers, while
 * the speech is still being heard as well as at the end. Checked on random speech and faces.
 */
class SegmentReachTest {
    private static final long WINDOW = SileroVad.WINDOW_MS_NUM;

    @Test
    void noSegmentEverCoversAFrameThatWasRuledOut() {
        Random random = new Random(7);
        int ruledOut = 0;
        for (int trial = 0; trial < 300; trial++) {
            VadParams vad = new VadParams(0.3 + 0.4 * random.nextDouble(), random.nextInt(400), 100 + random.nextInt(900),
                    random.nextInt(400));
            SegmentParams seg = new SegmentParams(random.nextInt(600), random.nextInt(800), random.nextInt(300),
                    new double[] {5, 10, 25}[random.nextInt(3)], 0.6, 500);
            long reach = new SegmentationPipeline(vad, seg, BlazeFaceDetector.Variant.FRONT_128).segmentReachMs();
            int windows = 200 + random.nextInt(800);
            SpeechRegions regions = new SpeechRegions(vad, WINDOW);
            long step = Math.round(1000 / seg.analysisFps());
            // the frames as the detector thread would ask about them: at some point while the audio is heard
            List<long[]> asked = new ArrayList<>(); // {time, 1 if ruled out}
            boolean speaking = false;
            for (int w = 0; w < windows; w++) {
                if (random.nextInt(12) == 0) {
                    speaking = !speaking;
                }
                regions.window(w, speaking ? 0.5f + 0.5f * random.nextFloat() : 0.3f * random.nextFloat());
                for (int k = 0; k < 2; k++) {
                    long t = step * random.nextInt((int) (windows * WINDOW / step));
                    asked.add(new long[] {t, regions.speechMayReach(t, reach) ? 0 : 1});
                }
            }
            long end = windows * WINDOW;
            List<Interval> speech = regions.regions(end);
            List<SpeechFaceSegment> segments = new SpeechFaceSegmenter(seg).segment(speech, faces(random, end), end);
            for (long[] a : asked) {
                if (a[1] == 1) {
                    ruledOut++;
                    for (SpeechFaceSegment s : segments) {
                        assertFalse(s.span().startMs() <= a[0] && a[0] < s.span().endMs(),
                                "trial " + trial + ": frame at " + a[0] + " ms ruled out but inside " + s);
                    }
                    assertFalse(regions.speechMayReach(a[0], reach), "once ruled out, ruled out for good");
                }
            }
        }
        assertTrue(ruledOut > 1000, "the check must rule frames out to mean anything: " + ruledOut);
    }

    @Test
    void framesAheadOfTheAudioAreNeverRuledOut() {
        SpeechRegions regions = new SpeechRegions(VadParams.DEFAULTS, WINDOW);
        for (int w = 0; w < 100; w++) {
            regions.window(w, 0.01f);
        }
        assertFalse(regions.speechMayReach(1000, 500), "3.2 s of silence heard: 1 s is ruled out");
        assertTrue(regions.speechMayReach(2800, 500), "within the margin of what has not been heard");
        assertTrue(regions.speechMayReach(60_000, 500), "not heard yet");
        regions.window(100, 0.9f);
        assertTrue(regions.speechMayReach(2800, 500), "speech under way reaches back by the margin");
        assertFalse(regions.speechMayReach(2000, 500));
    }

    /** One or two faces, each in view for a few random runs. */
    private static List<FaceTrack> faces(Random random, long end) {
        List<FaceTrack> out = new ArrayList<>();
        for (int f = 0, n = 1 + random.nextInt(2); f < n; f++) {
            List<Interval> visible = new ArrayList<>();
            long t = random.nextInt(2000);
            while (t < end) {
                long len = 200 + random.nextInt(5000);
                visible.add(new Interval(t, Math.min(end, t + len)));
                t += len + 100 + random.nextInt(3000);
            }
            List<FaceTrack.MotionSample> motion = new ArrayList<>();
            for (long m = 0; m < end; m += 100) {
                motion.add(new FaceTrack.MotionSample(m, random.nextDouble() * 0.1));
            }
            out.add(new FaceTrack("face" + (f + 1), visible, motion, 0.1 + random.nextDouble() * 0.1));
        }
        return out;
    }
}
