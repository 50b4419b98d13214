package org.autotier.core.suggest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The overlapping windows a segment is also judged on (UNSTABLE, the time series): length
 * {@code windowMs}, hop half of it, the last one clipped to the segment. A segment no longer
 * than one window has none; it is its own single window.
 */
public final class AnalysisWindows {
    private static final int FRAME_MS = 10;
    private static final int MIN_FRAMES = 10;

    private AnalysisWindows() {
    }

    /** Window spans in ms, absolute. */
    public static List<long[]> spans(long startMs, long endMs, long windowMs) {
        List<long[]> out = new ArrayList<>();
        if (endMs - startMs <= windowMs) {
            return out;
        }
        for (long ws = startMs; ws + windowMs / 2 < endMs; ws += windowMs / 2) {
            long we = Math.min(endMs, ws + windowMs);
            if ((we - ws) / FRAME_MS >= MIN_FRAMES) {
                out.add(new long[] {ws, we});
            }
        }
        return out;
    }

    /** The feature frames (10 ms each, the segment's first frame at {@code segmentStartMs}) of one window. */
    public static float[][] frames(float[][] segmentFrames, long segmentStartMs, long[] span) {
        int a = (int) Math.min(segmentFrames.length, (span[0] - segmentStartMs) / FRAME_MS);
        int b = (int) Math.min(segmentFrames.length, (span[1] - segmentStartMs) / FRAME_MS);
        return b - a < 1 ? new float[][] {segmentFrames.length == 0 ? new float[0] : segmentFrames[0]}
                : Arrays.copyOfRange(segmentFrames, a, b);
    }
}
