package org.autotier.core.vad;

/** A half-open time interval [startMs, endMs). */
public record Interval(long startMs, long endMs) {
    public Interval {
        if (endMs < startMs) {
            throw new IllegalArgumentException("interval ends before it starts: " + startMs + "-" + endMs);
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }

    public long overlapMs(Interval o) {
        return Math.max(0, Math.min(endMs, o.endMs) - Math.max(startMs, o.startMs));
    }
}
