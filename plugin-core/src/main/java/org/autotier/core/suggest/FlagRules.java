package org.autotier.core.suggest;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.autotier.model.suggest.Flag;

/**
 * Decides which review flags a segment gets (docs/suggestions.md documents each rule and how its
 * threshold was chosen). Pure: the same evidence always gives the same flags.
 */
public final class FlagRules {
    private FlagRules() {
    }

    /** The evidence the rules look at. */
    public record Evidence(List<String> labels, double[] fused, double[] audio, double[] face,
            List<SegmentAnalysis.Window> windows, int faceFrames, long speechMs, boolean faceExpected,
            List<String> humanLabels) {
    }

    public static Set<Flag> flags(SuggestParams p, Evidence e) {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        int top = argMax(e.fused());
        String label = e.labels().get(top);
        if (e.fused()[top] < p.lowConfidence()) {
            flags.add(Flag.LOW_CONFIDENCE);
        }
        if (e.face() != null) {
            int a = argMax(e.audio());
            int f = argMax(e.face());
            if (a != f || a != top) {
                flags.add(Flag.MODALITY_CONFLICT);
            }
        }
        if (e.windows().size() > 1) {
            long agree = e.windows().stream().filter(w -> w.label().equals(label)).count();
            if (agree < p.stableAgreement() * e.windows().size()) {
                flags.add(Flag.UNSTABLE);
            }
        }
        if (e.speechMs() < p.minSpeechMs() || !e.faceExpected() || e.faceFrames() < p.minFaceFrames()) {
            flags.add(Flag.WEAK_EVIDENCE);
        }
        List<String> humans = e.humanLabels().stream().filter(Objects::nonNull).toList();
        if (!humans.isEmpty()) {
            boolean humansAgree = humans.stream().allMatch(h -> LabelMapping.same(h, humans.get(0)));
            boolean modelAgrees = humans.stream().allMatch(h -> LabelMapping.same(h, label));
            if (!humansAgree || !modelAgrees) {
                flags.add(Flag.HUMAN_DISAGREEMENT);
            }
        }
        return flags;
    }

    public static int argMax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }
}
