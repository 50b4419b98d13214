package org.autotier.core.vad;

/**
 * Voice-activity settings. Defaults follow Silero's recommendations, with a longer minimum silence
 * (500 ms) so that the pauses between words of one utterance do not split it, as annotators expect.
 *
 * @param threshold speech probability that starts speech
 * @param minSpeechMs shorter speech regions are dropped
 * @param minSilenceMs a pause must last this long to end a region
 * @param padMs added before and after each region (not beyond the neighbours)
 */
public record VadParams(double threshold, long minSpeechMs, long minSilenceMs, long padMs) {
    public static final VadParams DEFAULTS = new VadParams(0.5, 250, 500, 100);

    public VadParams {
        if (threshold <= 0 || threshold >= 1) {
            throw new IllegalArgumentException("VAD threshold must be in (0, 1), got " + threshold);
        }
        if (minSpeechMs < 0 || minSilenceMs < 0 || padMs < 0) {
            throw new IllegalArgumentException("VAD durations must not be negative");
        }
    }
}
