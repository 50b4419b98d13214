package org.autotier.core.face;

import java.util.List;
import org.autotier.core.vad.Interval;

/**
 * One face followed over time: a participant.
 *
 * @param id stable name, "face1", "face2", ... in order of first appearance
 * @param visible when the face is in view, after hysteresis
 * @param motion mouth-region motion samples (time, mean absolute change in [0, 1])
 * @param meanArea mean box area as a fraction of the frame
 * @param sightings every detection linked into the track, in time order (the face crops of a
 *     segment are cut from these)
 */
public record FaceTrack(String id, List<Interval> visible, List<MotionSample> motion, double meanArea,
        List<Sighting> sightings) {

    public record MotionSample(long timeMs, double value) {
    }

    /** The track's box in one analysed frame. */
    public record Sighting(long timeMs, FaceBox box) {
    }

    public FaceTrack {
        visible = List.copyOf(visible);
        motion = List.copyOf(motion);
        sightings = List.copyOf(sightings);
    }

    /** A track without recorded sightings (tests, tracks read back from an EAF). */
    public FaceTrack(String id, List<Interval> visible, List<MotionSample> motion, double meanArea) {
        this(id, visible, motion, meanArea, List.of());
    }

    /** The sightings inside {@code span}. */
    public List<Sighting> sightingsIn(Interval span) {
        return sightings.stream().filter(s -> s.timeMs() >= span.startMs() && s.timeMs() < span.endMs()).toList();
    }

    public long visibleMs() {
        return visible.stream().mapToLong(Interval::durationMs).sum();
    }

    /** Mean mouth motion over samples inside {@code span}; NaN when there are none. */
    public double meanMotion(Interval span) {
        double sum = 0;
        int n = 0;
        for (MotionSample m : motion) {
            if (m.timeMs() >= span.startMs() && m.timeMs() < span.endMs()) {
                sum += m.value();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public boolean visibleAt(long timeMs) {
        return visible.stream().anyMatch(i -> i.startMs() <= timeMs && timeMs < i.endMs());
    }
}
