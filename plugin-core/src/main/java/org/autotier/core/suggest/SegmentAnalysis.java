package org.autotier.core.suggest;

import java.util.List;
import org.autotier.model.suggest.Suggestion;

/**
 * What autotier worked out for one segment: the suggestion (label, calibrated confidence,
 * distribution, flags, review state) and the evidence behind it, which the JSON sidecar and the
 * review panel show.
 *
 * @param audio the audio head's calibrated distribution, in the model's label order
 * @param face the face-expression net's distribution mapped onto the model's labels, averaged over
 *     the segment's face frames; null without face frames
 * @param faceFrames analysed frames that show the speaker's face
 * @param speechMs speech inside the segment
 * @param windows the overlapping analysis windows, in time order
 * @param audioAttention what the heatmap's voice row shows: the intra-modal attention over the
 *     segment's audio frames (α, eq. 10), pooled to at most 50 bins, for models that have it;
 *     otherwise each analysis window's audio probability of the chosen label ({@code voiceKind})
 * @param faceTimeline the face net's top-label probability per face frame, for the heatmap
 * @param humanLabels labels from the human emotion tiers (null where a tier has none)
 * @param voiceKind {@value #ATTENTION} or {@value #WINDOWS}: what {@code audioAttention} holds
 * @param audioOnly no face opinion went into the suggestion
 * @param outOfDomain the audio's out-of-domain score (above 1: unlike the training data)
 * @param audioReliability how far the audio opinion was trusted in the fusion (0-1)
 * @param faceReliability how far the face opinion was trusted (0-1; 0 without a face)
 */
public record SegmentAnalysis(Suggestion suggestion, double[] audio, double[] face, int faceFrames, long speechMs,
        List<Window> windows, float[] audioAttention, float[] faceTimeline, List<String> humanLabels, String voiceKind,
        boolean audioOnly, double outOfDomain, double audioReliability, double faceReliability) {

    public static final String ATTENTION = "attention";
    public static final String WINDOWS = "windows";

    /** An analysis with attention evidence, no out-of-domain score and fully trusted opinions. */
    public SegmentAnalysis(Suggestion suggestion, double[] audio, double[] face, int faceFrames, long speechMs,
            List<Window> windows, float[] audioAttention, float[] faceTimeline, List<String> humanLabels) {
        this(suggestion, audio, face, faceFrames, speechMs, windows, audioAttention, faceTimeline, humanLabels,
                ATTENTION, face == null, 0, 1, face == null ? 0 : 1);
    }

    public SegmentAnalysis {
        windows = List.copyOf(windows);
        humanLabels = humanLabels == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(humanLabels));
    }

    /** One analysis window: its span, top label and calibrated confidence. */
    public record Window(long startMs, long endMs, String label, double confidence, double[] distribution) {
    }
}
