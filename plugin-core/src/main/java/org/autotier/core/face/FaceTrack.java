package org.autotier.core.face;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
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
        // in time order, so that a span's samples are found by binary search: a long video has
        // hundreds of thousands of them and thousands of segments
        motion = inTimeOrder(motion, MotionSample::timeMs);
        sightings = inTimeOrder(sightings, Sighting::timeMs);
    }

    private static <T> List<T> inTimeOrder(List<T> items, ToLongFunction<T> time) {
        for (int i = 1; i < items.size(); i++) {
            if (time.applyAsLong(items.get(i)) < time.applyAsLong(items.get(i - 1))) {
                return items.stream().sorted(Comparator.comparingLong(time)).toList(); // stable
            }
        }
        return List.copyOf(items);
    }

    /** The index of the first item at or after {@code timeMs}. */
    private static <T> int firstFrom(List<T> items, ToLongFunction<T> time, long timeMs) {
        int lo = 0;
        int hi = items.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time.applyAsLong(items.get(mid)) < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A track without recorded sightings (tests, tracks read back from an EAF). */
    public FaceTrack(String id, List<Interval> visible, List<MotionSample> motion, double meanArea) {
        this(id, visible, motion, meanArea, List.of());
    }

    /** The sightings inside {@code span}. */
    public List<Sighting> sightingsIn(Interval span) {
        int from = firstFrom(sightings, Sighting::timeMs, span.startMs());
        int to = Math.max(from, firstFrom(sightings, Sighting::timeMs, span.endMs()));
        return sightings.subList(from, to);
    }

    public long visibleMs() {
        return visible.stream().mapToLong(Interval::durationMs).sum();
    }

    /** Mean mouth motion over samples inside {@code span}; NaN when there are none. */
    public double meanMotion(Interval span) {
        double sum = 0;
        int n = 0;
        for (int i = firstFrom(motion, MotionSample::timeMs, span.startMs());
                i < motion.size() && motion.get(i).timeMs() < span.endMs(); i++) {
            sum += motion.get(i).value();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public boolean visibleAt(long timeMs) {
        return visible.stream().anyMatch(i -> i.startMs() <= timeMs && timeMs < i.endMs());
    }
}
