package org.autotier.core.suggest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.autotier.core.face.FaceBox;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.vad.Interval;

/**
 * The face net's outputs for every analysed frame, held from decoding until the segments are
 * known. Kept in flat arrays, about 44 bytes per face and frame (the box is the tracker's own
 * object), where a record, a float array and a map entry per frame took about 290 bytes: on a
 * long video this store is what grows with the recording (docs/reliability.md, "Long recordings").
 *
 * <p>Written by the face-detector thread, read once decoding is over. Like the map it replaced,
 * when two frames carry the same time, the later one's outputs are the ones kept.
 */
final class FaceOutputs {
    private static final int LABELS = FaceExpressionNet.LABELS.size();

    private final boolean keepEmbeddings;
    private long[] times = new long[256];
    private int[] frames = new int[256];
    private FaceBox[] boxes = new FaceBox[256];
    private float[] probabilities = new float[256 * LABELS];
    private float[][] embeddings;
    private int size;
    private int frameCount;
    private boolean inTimeOrder = true;
    private int[] order; // entries by (time, frame), built at the first look-up when out of order

    /** @param keepEmbeddings also keep the 256-float embedding (1 KB a face), for a model that reads it */
    FaceOutputs(boolean keepEmbeddings) {
        this.keepEmbeddings = keepEmbeddings;
        this.embeddings = keepEmbeddings ? new float[256][] : null;
    }

    /** One analysed frame's faces and the net's output for each. */
    synchronized void add(long timeMs, List<FaceBox> faces, List<FaceExpressionNet.Output> outputs) {
        if (faces.isEmpty()) {
            return;
        }
        int frame = frameCount++;
        if (size > 0 && timeMs < times[size - 1]) {
            inTimeOrder = false;
        }
        order = null;
        for (int i = 0; i < faces.size(); i++) {
            grow();
            times[size] = timeMs;
            frames[size] = frame;
            boxes[size] = faces.get(i);
            System.arraycopy(outputs.get(i).probabilities(), 0, probabilities, size * LABELS, LABELS);
            if (keepEmbeddings) {
                embeddings[size] = outputs.get(i).embedding();
            }
            size++;
        }
    }

    /** How many faces are held, over all frames. */
    synchronized int size() {
        return size;
    }

    /** The observations that belong to {@code track} inside {@code span}: matched by time and box. */
    synchronized List<FaceObservation> of(FaceTrack track, Interval span) {
        List<FaceObservation> out = new ArrayList<>();
        if (track == null) {
            return out;
        }
        for (FaceTrack.Sighting sight : track.sightingsIn(span)) {
            int first = firstAt(sight.timeMs());
            if (first < 0) {
                continue;
            }
            int lastFrame = -1; // the later frame of a repeated time wins
            for (int k = first; k < size && times[entry(k)] == sight.timeMs(); k++) {
                lastFrame = Math.max(lastFrame, frames[entry(k)]);
            }
            for (int k = first; k < size && times[entry(k)] == sight.timeMs(); k++) {
                int e = entry(k);
                if (frames[e] == lastFrame && boxes[e].equals(sight.box())) {
                    out.add(new FaceObservation(times[e], boxes[e],
                            Arrays.copyOfRange(probabilities, e * LABELS, (e + 1) * LABELS),
                            keepEmbeddings ? embeddings[e] : null));
                }
            }
        }
        return out;
    }

    /** The position (in time order) of the first entry at {@code timeMs}, or -1. */
    private int firstAt(long timeMs) {
        if (!inTimeOrder && order == null) {
            Integer[] byTime = new Integer[size];
            for (int i = 0; i < size; i++) {
                byTime[i] = i;
            }
            Arrays.sort(byTime, (a, b) -> Long.compare(times[a], times[b])); // stable: frames stay in order
            order = Arrays.stream(byTime).mapToInt(Integer::intValue).toArray();
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[entry(mid)] < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < size && times[entry(lo)] == timeMs ? lo : -1;
    }

    private int entry(int position) {
        return inTimeOrder ? position : order[position];
    }

    private void grow() {
        if (size < times.length) {
            return;
        }
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        frames = Arrays.copyOf(frames, n);
        boxes = Arrays.copyOf(boxes, n);
        probabilities = Arrays.copyOf(probabilities, n * LABELS);
        if (keepEmbeddings) {
            embeddings = Arrays.copyOf(embeddings, n);
        }
    }
}
