package org.autotier.core.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.vad.Interval;

/**
 * Links detections across sampled frames into tracks by box overlap (IoU), with hysteresis: a
 * face missed for up to {@code maxGapMs} keeps its track and its visibility, so one missed frame
 * does not split a segment. Also measures mouth-region motion, the cue for who is speaking.
 */
public final class FaceTracker {
    private static final int PATCH_W = 16;
    private static final int PATCH_H = 8;
    /** How long a lost face may be gone and still resume its track. */
    private static final long REATTACH_MS = 10_000;

    private final long frameStepMs;
    private final long maxGapMs;
    private final long minTrackMs;
    private final double minIou;
    private final List<Building> active = new ArrayList<>();
    private final List<Building> finished = new ArrayList<>();
    private int nextId = 1;

    /**
     * @param frameStepMs time between analysed frames
     * @param maxGapMs longest miss that is bridged
     * @param minTrackMs tracks visible for less than this are dropped as spurious
     */
    public FaceTracker(long frameStepMs, long maxGapMs, long minTrackMs) {
        this.frameStepMs = frameStepMs;
        this.maxGapMs = maxGapMs;
        this.minTrackMs = minTrackMs;
        this.minIou = 0.25;
    }

    private static final class Building {
        final int order;
        FaceBox last;
        long lastSeenMs;
        long runStartMs;
        final List<Interval> visible = new ArrayList<>();
        final List<FaceTrack.MotionSample> motion = new ArrayList<>();
        final List<FaceTrack.Sighting> sightings = new ArrayList<>();
        float[] lastPatch;
        long lastPatchMs;
        double areaSum;
        int detections;

        Building(int order) {
            this.order = order;
        }
    }

    /** Adds the detections of one frame (frames in time order). */
    public void add(VideoFrame frame, List<FaceBox> faces) {
        long t = frame.timeMs();
        retire(t);
        List<FaceBox> unmatched = new ArrayList<>(faces);
        unmatched.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        List<Building> free = new ArrayList<>(active);
        for (FaceBox f : new ArrayList<>(unmatched)) {
            Building best = null;
            double bestIou = minIou;
            for (Building b : free) {
                double iou = b.last.iou(f);
                if (iou > bestIou) {
                    best = b;
                    bestIou = iou;
                }
            }
            if (best != null) {
                free.remove(best);
                unmatched.remove(f);
                update(best, frame, f, t);
            }
        }
        for (FaceBox f : unmatched) {
            Building b = revive(f, t);
            if (b == null) {
                b = new Building(nextId++);
                b.runStartMs = t;
            }
            update(b, frame, f, t);
            active.add(b);
        }
    }

    private void update(Building b, VideoFrame frame, FaceBox f, long t) {
        if (b.detections > 0 && t - b.lastSeenMs > maxGapMs) {
            b.visible.add(new Interval(b.runStartMs, b.lastSeenMs + frameStepMs));
            b.runStartMs = t;
        }
        b.last = f;
        b.lastSeenMs = t;
        b.sightings.add(new FaceTrack.Sighting(t, f));
        b.areaSum += f.area();
        b.detections++;
        float[] patch = mouthPatch(frame, f);
        if (b.lastPatch != null && t - b.lastPatchMs <= 2 * frameStepMs + 1) {
            double d = 0;
            for (int i = 0; i < patch.length; i++) {
                d += Math.abs(patch[i] - b.lastPatch[i]);
            }
            b.motion.add(new FaceTrack.MotionSample(t, d / patch.length));
        }
        b.lastPatch = patch;
        b.lastPatchMs = t;
    }

    /** A small grey patch around the mouth keypoint, resampled so faces of any size compare. */
    static float[] mouthPatch(VideoFrame frame, FaceBox f) {
        float[] p = new float[PATCH_W * PATCH_H];
        double pw = f.w() * 0.5;
        double ph = f.h() * 0.3;
        double x0 = f.mouthX() - pw / 2;
        double y0 = f.mouthY() - ph / 2;
        byte[] rgb = frame.rgb();
        for (int py = 0; py < PATCH_H; py++) {
            int y = clamp((int) ((y0 + (py + 0.5) * ph / PATCH_H) * frame.height()), frame.height());
            for (int px = 0; px < PATCH_W; px++) {
                int x = clamp((int) ((x0 + (px + 0.5) * pw / PATCH_W) * frame.width()), frame.width());
                int s = (y * frame.width() + x) * 3;
                p[py * PATCH_W + px] = ((rgb[s] & 0xFF) * 0.299f + (rgb[s + 1] & 0xFF) * 0.587f
                        + (rgb[s + 2] & 0xFF) * 0.114f) / 255f;
            }
        }
        return p;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    private void retire(long now) {
        for (var it = active.iterator(); it.hasNext();) {
            Building b = it.next();
            if (now - b.lastSeenMs > maxGapMs) {
                finished.add(b); // its last run is closed by update() on revival, or by finish()
                it.remove();
            }
        }
    }

    /**
     * A face that comes back where a recently lost one was is the same participant: the track
     * resumes with a new visible run instead of starting a new participant.
     */
    private Building revive(FaceBox f, long now) {
        Building best = null;
        double bestIou = minIou;
        for (Building b : finished) {
            if (now - b.lastSeenMs <= REATTACH_MS && b.last.iou(f) > bestIou) {
                best = b;
                bestIou = b.last.iou(f);
            }
        }
        if (best != null) {
            finished.remove(best);
        }
        return best;
    }

    private void close(Building b) {
        b.visible.add(new Interval(b.runStartMs, b.lastSeenMs + frameStepMs));
    }

    /** The tracks, long enough to count, named face1, face2, ... by first appearance. */
    public List<FaceTrack> finish() {
        finished.addAll(active);
        active.clear();
        for (Building b : finished) {
            close(b);
        }
        List<Building> kept = finished.stream()
                .filter(b -> b.visible.stream().mapToLong(Interval::durationMs).sum() >= minTrackMs)
                .sorted(Comparator.comparingLong((Building b) -> b.visible.get(0).startMs())
                        .thenComparingInt(b -> b.order))
                .toList();
        List<FaceTrack> tracks = new ArrayList<>();
        for (Building b : kept) {
            tracks.add(new FaceTrack("face" + (tracks.size() + 1), b.visible, b.motion, b.areaSum / b.detections,
                    b.sightings));
        }
        return tracks;
    }
}
