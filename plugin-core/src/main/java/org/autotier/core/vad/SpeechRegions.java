package org.autotier.core.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-window speech probabilities into speech regions, with Silero's hysteresis: speech
 * starts at {@code threshold} and ends only after the probability stays below
 * {@code threshold - 0.15} for {@code minSilenceMs}. Short regions are dropped, then regions are
 * padded without overlapping their neighbours.
 */
public final class SpeechRegions implements SileroVad.ProbabilityListener {
    private final VadParams params;
    private final long windowMs;
    private final List<Interval> raw = new ArrayList<>();
    private boolean inSpeech;
    private long speechStart;
    private long silenceStart = -1;
    private long lastWindowEnd;

    /** @param windowMs duration of one probability window in ms (32 for Silero at 16 kHz) */
    public SpeechRegions(VadParams params, long windowMs) {
        this.params = params;
        this.windowMs = windowMs;
    }

    @Override
    public synchronized void window(long index, float p) {
        long start = index * windowMs;
        long end = start + windowMs;
        lastWindowEnd = end;
        double off = Math.max(0.01, params.threshold() - 0.15);
        if (!inSpeech) {
            if (p >= params.threshold()) {
                inSpeech = true;
                speechStart = start;
                silenceStart = -1;
            }
            return;
        }
        if (p >= params.threshold()) {
            silenceStart = -1;
        } else if (p < off) {
            if (silenceStart < 0) {
                silenceStart = start;
            }
            if (end - silenceStart >= params.minSilenceMs()) {
                raw.add(new Interval(speechStart, silenceStart));
                inSpeech = false;
                silenceStart = -1;
            }
        }
    }

    /**
     * Whether a speech region may yet come within {@code marginMs} of {@code timeMs}: false only once
     * the windows heard so far rule it out for good (they reach {@code marginMs} past it, and no
     * region found or under way comes that close). Safe to ask from another thread while windows
     * arrive, and conservative: a region later dropped as too short still counts.
     */
    public synchronized boolean speechMayReach(long timeMs, long marginMs) {
        if (timeMs + marginMs >= lastWindowEnd || inSpeech && timeMs + marginMs >= speechStart) {
            return true;
        }
        // the first region ending no earlier than timeMs - marginMs is the only one that may reach it
        int lo = 0;
        int hi = raw.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (raw.get(mid).endMs() + marginMs < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < raw.size() && raw.get(lo).startMs() - marginMs <= timeMs;
    }

    /** The regions found; call once, after the last window. */
    public synchronized List<Interval> regions(long mediaEndMs) {
        if (inSpeech) {
            raw.add(new Interval(speechStart, silenceStart >= 0 ? silenceStart : lastWindowEnd));
            inSpeech = false;
        }
        List<Interval> kept = raw.stream().filter(r -> r.durationMs() >= params.minSpeechMs()).toList();
        List<Interval> padded = new ArrayList<>(kept.size());
        long end = Math.max(mediaEndMs, lastWindowEnd);
        for (int i = 0; i < kept.size(); i++) {
            Interval r = kept.get(i);
            long lo = i == 0 ? 0 : (kept.get(i - 1).endMs() + r.startMs()) / 2;
            long hi = i == kept.size() - 1 ? end : (r.endMs() + kept.get(i + 1).startMs()) / 2;
            padded.add(new Interval(Math.max(lo, r.startMs() - params.padMs()), Math.min(hi, r.endMs() + params.padMs())));
        }
        return padded;
    }
}
