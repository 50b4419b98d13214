package org.autotier.core.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.vad.Interval;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    private static final byte[] PIXELS = new byte[64 * 48 * 3];

    private static VideoFrame frame(long t) {
        return new VideoFrame(t, 64, 48, PIXELS);
    }

    private static FaceBox box(double x) {
        return new FaceBox(x, 0.2, 0.2, 0.3, 0.9, x + 0.1, 0.45);
    }

    @Test
    void oneMissedFrameDoesNotSplitTheTrack() {
        FaceTracker t = new FaceTracker(100, 500, 200);
        for (long ms = 0; ms < 2000; ms += 100) {
            t.add(frame(ms), ms == 700 || ms == 800 ? List.of() : List.of(box(0.1 + ms / 100_000.0)));
        }
        List<FaceTrack> tracks = t.finish();
        assertEquals(1, tracks.size());
        assertEquals(List.of(new Interval(0, 2000)), tracks.get(0).visible());
    }

    @Test
    void aLongAbsenceEndsTheVisibleRunAndTwoFacesAreTwoTracks() {
        FaceTracker t = new FaceTracker(100, 300, 200);
        for (long ms = 0; ms < 3000; ms += 100) {
            boolean first = ms < 1000 || ms >= 2000;
            t.add(frame(ms), first ? List.of(box(0.1), box(0.6)) : List.of(box(0.6)));
        }
        List<FaceTrack> tracks = t.finish();
        assertEquals(2, tracks.size(), tracks.toString());
        FaceTrack left = tracks.stream().filter(x -> x.visible().size() == 2).findFirst().orElseThrow();
        assertEquals(List.of(new Interval(0, 1000), new Interval(2000, 3000)), left.visible());
        FaceTrack right = tracks.stream().filter(x -> x.visible().size() == 1).findFirst().orElseThrow();
        assertEquals(List.of(new Interval(0, 3000)), right.visible());
        assertTrue(tracks.get(0).id().equals("face1") && tracks.get(1).id().equals("face2"));
    }

    @Test
    void spuriousDetectionsAreDropped() {
        FaceTracker t = new FaceTracker(100, 300, 300);
        t.add(frame(0), List.of(box(0.5)));
        for (long ms = 100; ms < 1000; ms += 100) {
            t.add(frame(ms), List.of());
        }
        assertEquals(List.of(), t.finish());
    }
}
