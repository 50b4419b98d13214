package org.autotier.core.segment;

/**
 * How speech-with-face segments are cut.
 *
 * @param minDurationMs shorter segments are dropped
 * @param mergeGapMs segments of one face closer than this are joined
 * @param padMs added around each segment, never beyond the media
 * @param analysisFps video frames analysed per second
 * @param faceMinScore BlazeFace score that counts as a face
 * @param faceMaxGapMs longest face miss bridged by the tracker (hysteresis)
 */
public record SegmentParams(long minDurationMs, long mergeGapMs, long padMs, double analysisFps, double faceMinScore,
        long faceMaxGapMs) {
    public static final SegmentParams DEFAULTS = new SegmentParams(300, 300, 0, 10, 0.6, 500);

    public SegmentParams {
        if (minDurationMs < 0 || mergeGapMs < 0 || padMs < 0 || faceMaxGapMs < 0) {
            throw new IllegalArgumentException("segment durations must not be negative");
        }
        if (analysisFps <= 0 || analysisFps > 60) {
            throw new IllegalArgumentException("analysis fps must be in (0, 60], got " + analysisFps);
        }
        if (faceMinScore <= 0 || faceMinScore >= 1) {
            throw new IllegalArgumentException("face score must be in (0, 1), got " + faceMinScore);
        }
    }

    /** The same parameters with another analysis frame rate. */
    public SegmentParams withAnalysisFps(double fps) {
        return new SegmentParams(minDurationMs, mergeGapMs, padMs, fps, faceMinScore, faceMaxGapMs);
    }
}
