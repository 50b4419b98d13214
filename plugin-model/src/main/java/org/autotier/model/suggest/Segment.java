package org.autotier.model.suggest;

/**
 * A stretch of the recording, in milliseconds, optionally tied to one face track.
 *
 * @param trackId the face track (participant) it belongs to, or null for audio-only segments
 */
public record Segment(long startMs, long endMs, String trackId) {
    public Segment {
        if (startMs < 0 || endMs <= startMs) {
            throw new IllegalArgumentException("a segment needs 0 <= start < end, got " + startMs + "-" + endMs);
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }

    public boolean overlaps(Segment other) {
        return startMs < other.endMs && other.startMs < endMs;
    }
}
