package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.autotier.core.face.FaceBox;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.vad.Interval;
import org.junit.jupiter.api.Test;

/** The compact store of the face net's outputs gives back what was put in, by track, time and box. */
class FaceOutputsTest {

    private static FaceBox box(double x) {
        return new FaceBox(x, 0.1, 0.2, 0.3, 0.9, x + 0.1, 0.35);
    }

    private static FaceExpressionNet.Output output(float v) {
        float[] p = new float[FaceExpressionNet.LABELS.size()];
        p[0] = v;
        p[1] = 1 - v;
        return new FaceExpressionNet.Output(new float[] {v, v}, p);
    }

    private static FaceTrack track(String id, List<FaceTrack.Sighting> sightings) {
        return new FaceTrack(id, List.of(new Interval(0, 100_000)), List.of(), 0.06, sightings);
    }

    @Test
    void eachTrackGetsItsOwnFacesInsideTheSpan() {
        FaceOutputs store = new FaceOutputs(false);
        List<FaceTrack.Sighting> left = new ArrayList<>();
        List<FaceTrack.Sighting> right = new ArrayList<>();
        for (int f = 0; f < 1000; f++) { // beyond the first arrays' size: they grow
            long t = f * 100L;
            store.add(t, List.of(box(0.1), box(0.6)), List.of(output(f / 1000f), output(0.5f)));
            left.add(new FaceTrack.Sighting(t, box(0.1)));
            right.add(new FaceTrack.Sighting(t, box(0.6)));
        }
        assertEquals(2000, store.size());
        List<FaceObservation> got = store.of(track("face1", left), new Interval(2000, 2500));
        assertEquals(List.of(2000L, 2100L, 2200L, 2300L, 2400L), got.stream().map(FaceObservation::timeMs).toList());
        assertEquals(box(0.1), got.get(0).box());
        assertEquals(0.02f, got.get(0).probabilities()[0], 1e-7f);
        assertEquals(FaceExpressionNet.LABELS.size(), got.get(0).probabilities().length);
        assertNull(got.get(0).embedding(), "embeddings only when asked for");
        assertEquals(0.5f, store.of(track("face2", right), new Interval(2000, 2500)).get(4).probabilities()[0]);
        assertEquals(List.of(), store.of(null, new Interval(0, 100_000)));
        assertEquals(List.of(), store.of(track("face1", left), new Interval(200_000, 300_000)));
    }

    @Test
    void framesOutOfOrderAndRepeatedTimesAreFoundAsTheMapFoundThem() {
        FaceOutputs store = new FaceOutputs(true);
        store.add(300, List.of(box(0.1)), List.of(output(0.3f)));
        store.add(100, List.of(box(0.1)), List.of(output(0.1f)));
        store.add(200, List.of(box(0.1)), List.of(output(0.2f)));
        store.add(100, List.of(box(0.1)), List.of(output(0.9f))); // same time again: the later frame wins
        List<FaceTrack.Sighting> s = List.of(new FaceTrack.Sighting(100, box(0.1)), new FaceTrack.Sighting(200, box(0.1)),
                new FaceTrack.Sighting(300, box(0.1)));
        List<FaceObservation> got = store.of(track("face1", s), new Interval(0, 1000));
        assertEquals(3, got.size(), got.toString());
        assertEquals(0.9f, got.get(0).probabilities()[0]);
        assertEquals(0.2f, got.get(1).probabilities()[0]);
        assertEquals(0.3f, got.get(2).probabilities()[0]);
        assertArrayEquals(new float[] {0.9f, 0.9f}, got.get(0).embedding());
        // a frame added after a look-up is found too
        store.add(50, List.of(box(0.1)), List.of(output(0.05f)));
        List<FaceTrack.Sighting> s2 = new ArrayList<>(s);
        s2.add(0, new FaceTrack.Sighting(50, box(0.1)));
        assertEquals(0.05f, store.of(track("face1", s2), new Interval(0, 1000)).get(0).probabilities()[0]);
    }

    @Test
    void sightingsOutOfOrderAreSortedAndFoundBySpan() {
        List<FaceTrack.Sighting> s = List.of(new FaceTrack.Sighting(300, box(0.1)), new FaceTrack.Sighting(100, box(0.2)),
                new FaceTrack.Sighting(200, box(0.3)));
        FaceTrack t = track("face1", s);
        assertEquals(List.of(100L, 200L, 300L), t.sightings().stream().map(FaceTrack.Sighting::timeMs).toList());
        assertEquals(List.of(200L), t.sightingsIn(new Interval(150, 300)).stream().map(FaceTrack.Sighting::timeMs).toList());
        assertEquals(List.of(), t.sightingsIn(new Interval(310, 400)));
    }
}
