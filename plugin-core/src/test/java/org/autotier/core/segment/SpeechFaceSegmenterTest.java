package org.autotier.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.vad.Interval;
import org.junit.jupiter.api.Test;

class SpeechFaceSegmenterTest {

    private static FaceTrack track(String id, double motion, double area, Interval... visible) {
        List<FaceTrack.MotionSample> m = new ArrayList<>();
        for (long t = 0; t < 20_000; t += 100) {
            m.add(new FaceTrack.MotionSample(t, motion));
        }
        return new FaceTrack(id, List.of(visible), m, area);
    }

    private final SpeechFaceSegmenter segmenter = new SpeechFaceSegmenter(new SegmentParams(300, 300, 0, 10, 0.6, 500));

    @Test
    void speechAndVisibleFaceIntersect() {
        List<Interval> speech = List.of(new Interval(1000, 3000), new Interval(5000, 6000), new Interval(8000, 9000));
        FaceTrack face = track("face1", 0.1, 0.1, new Interval(2000, 5500), new Interval(10_000, 12_000));
        assertEquals(List.of(new SpeechFaceSegment(new Interval(2000, 3000), "face1"),
                new SpeechFaceSegment(new Interval(5000, 5500), "face1")),
                segmenter.segment(speech, List.of(face), 20_000));
    }

    @Test
    void shortPiecesAreDroppedAndCloseOnesMerged() {
        List<Interval> speech = List.of(new Interval(0, 1000), new Interval(1200, 2000), new Interval(4000, 4200));
        FaceTrack face = track("face1", 0.1, 0.1, new Interval(0, 10_000));
        assertEquals(List.of(new SpeechFaceSegment(new Interval(0, 2000), "face1")),
                segmenter.segment(speech, List.of(face), 20_000));
    }

    @Test
    void theFaceWhoseMouthMovesGetsTheSpeech() {
        List<Interval> speech = List.of(new Interval(1000, 4000));
        FaceTrack still = track("face1", 0.01, 0.3, new Interval(0, 10_000));
        FaceTrack talking = track("face2", 0.08, 0.1, new Interval(0, 10_000));
        assertEquals(List.of(new SpeechFaceSegment(new Interval(1000, 4000), "face2")),
                segmenter.segment(speech, List.of(still, talking), 20_000));
    }

    @Test
    void paddingNeverMakesNeighboursOverlap() {
        SpeechFaceSegmenter padded = new SpeechFaceSegmenter(new SegmentParams(100, 0, 500, 10, 0.6, 500));
        List<Interval> speech = List.of(new Interval(1000, 2000), new Interval(2400, 3000));
        FaceTrack a = track("face1", 0.1, 0.1, new Interval(0, 2200));
        FaceTrack b = track("face2", 0.1, 0.1, new Interval(2200, 5000));
        List<SpeechFaceSegment> s = padded.segment(speech, List.of(a, b), 20_000);
        assertEquals(2, s.size());
        assertEquals(500, s.get(0).span().startMs());
        assertEquals(s.get(0).span().endMs(), s.get(1).span().startMs());
        assertEquals(3500, s.get(1).span().endMs());
    }
}
