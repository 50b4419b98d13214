package org.autotier.core.suggest;

/**
 * The thresholds behind the confidence flags (docs/suggestions.md says how each was chosen).
 *
 * @param lowConfidence LOW_CONFIDENCE below this calibrated probability
 * @param windowMs length of the overlapping analysis windows inside a segment (the time series
 *     and the UNSTABLE check); windows hop by half their length
 * @param stableAgreement UNSTABLE when fewer than this share of a segment's windows agree with
 *     its label
 * @param minFaceFrames WEAK_EVIDENCE with fewer analysed frames showing the speaker's face
 * @param minSpeechMs WEAK_EVIDENCE with less speech than this in the segment
 * @param faceWeight weight of the face-only opinion when the model has no trained fusion head
 *     ({@link ReliabilityFusion}: {@code p ∝ p_audio^r_a · p_face^(w · r_f)}), times the model's
 *     fitted face weight ({@code ModelCard#faceWeight()}, 1 without a fit); 0 ignores the face
 * @param suggestWithoutFace in a video, also suggest labels for speech with no face in view
 *     (audio branch only; the sidecar marks them audio only); such segments carry the value "speech" on the
 *     segment tier
 */
public record SuggestParams(double lowConfidence, long windowMs, double stableAgreement, int minFaceFrames,
        long minSpeechMs, double faceWeight, boolean suggestWithoutFace) {

    public static final SuggestParams DEFAULTS = new SuggestParams(0.5, 2000, 0.6, 3, 600, 1.0, false);

    public SuggestParams {
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
            throw new IllegalArgumentException("low-confidence threshold must be in [0, 1], got " + lowConfidence);
        }
        if (windowMs < 200) {
            throw new IllegalArgumentException("analysis windows must be at least 200 ms, got " + windowMs);
        }
        if (!(stableAgreement >= 0 && stableAgreement <= 1)) {
            throw new IllegalArgumentException("stable-agreement must be in [0, 1], got " + stableAgreement);
        }
        if (faceWeight < 0) {
            throw new IllegalArgumentException("face weight must be >= 0, got " + faceWeight);
        }
    }

    public SuggestParams withLowConfidence(double v) {
        return new SuggestParams(v, windowMs, stableAgreement, minFaceFrames, minSpeechMs, faceWeight, suggestWithoutFace);
    }
}
