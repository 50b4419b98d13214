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
 * @param audioAttention the intra-modal attention over the segment's audio frames (α, eq. 10),
 *     pooled to at most 50 bins
 * @param faceTimeline the face net's top-label probability per face frame, for the heatmap
 * @param humanLabels labels from the human emotion tiers (null where a tier has none)
 */
public record SegmentAnalysis(Suggestion suggestion, double[] audio, double[] face, int faceFrames, long speechMs,
        List<Window> windows, float[] audioAttention, float[] faceTimeline, List<String> humanLabels) {

    public SegmentAnalysis {
        windows = List.copyOf(windows);
        humanLabels = humanLabels == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(humanLabels));
    }

    /** One analysis window: its span, top label and calibrated confidence. */
    public record Window(long startMs, long endMs, String label, double confidence, double[] distribution) {
    }
}
