package org.autotier.core.vad;

/**
 * Voice-activity settings. Defaults were chosen on the 1,200 RAVDESS speech clips (one utterance
 * each; docs/segmentation.md has the grid): a threshold of 0.4 keeps shouted and whispered
 * speech, a 700 ms minimum silence keeps the pauses inside one utterance from splitting it, and
 * 200 ms of padding keeps onsets that Silero reports late.
 *
 * @param threshold speech probability that starts speech
 * @param minSpeechMs shorter speech regions are dropped
 * @param minSilenceMs a pause must last this long to end a region
 * @param padMs added before and after each region (not beyond the neighbours)
 */
public record VadParams(double threshold, long minSpeechMs, long minSilenceMs, long padMs) {
    public static final VadParams DEFAULTS = new VadParams(0.4, 250, 700, 200);

    public VadParams {
        if (threshold <= 0 || threshold >= 1) {
            throw new IllegalArgumentException("VAD threshold must be in (0, 1), got " + threshold);
        }
        if (minSpeechMs < 0 || minSilenceMs < 0 || padMs < 0) {
            throw new IllegalArgumentException("VAD durations must not be negative");
        }
    }

    /** The same parameters with another speech threshold. */
    public VadParams withThreshold(double t) {
        return new VadParams(t, minSpeechMs, minSilenceMs, padMs);
    }
}
