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

    /**
     * Both opinions at least this sure (and this reliable) before their disagreement is a
     * MODALITY_CONFLICT: one weak modality is no conflict.
     */
    public static final double CONFLICT_CONFIDENCE = 0.6;

    /**
     * The evidence the rules look at.
     *
     * @param audio the audio opinion (calibrated, after the out-of-domain shrink)
     * @param face the face opinion on the model's labels, or null without a face
     * @param outOfDomain the audio's out-of-domain score (above 1: OUT_OF_DOMAIN)
     * @param audioReliability how far the audio opinion can be trusted ({@link ReliabilityFusion})
     * @param faceReliability how far the face opinion can be trusted
     */
    public record Evidence(List<String> labels, double[] fused, double[] audio, double[] face,
            List<SegmentAnalysis.Window> windows, int faceFrames, long speechMs, boolean faceExpected,
            List<String> humanLabels, double outOfDomain, double audioReliability, double faceReliability) {

        /** Evidence without an out-of-domain score and with fully reliable opinions. */
        public Evidence(List<String> labels, double[] fused, double[] audio, double[] face,
                List<SegmentAnalysis.Window> windows, int faceFrames, long speechMs, boolean faceExpected,
                List<String> humanLabels) {
            this(labels, fused, audio, face, windows, faceFrames, speechMs, faceExpected, humanLabels, 0, 1, 1);
        }
    }

    /**
     * The rules (docs/suggestions.md): LOW_CONFIDENCE below the threshold; MODALITY_CONFLICT when
     * both opinions are confident and reliable and name different emotions (calm and neutral are
     * one emotion here); UNSTABLE when too few windows name the same emotion; WEAK_EVIDENCE for too little speech,
     * or too few face frames where a face is expected, or an audio-only suggestion whose audio
     * opinion is itself unreliable (reliability below 0.5: out of domain or short); an audio-only
     * suggestion is not weak for that alone, the sidecar says it is audio only; OUT_OF_DOMAIN
     * above a score of 1;
     * HUMAN_DISAGREEMENT when annotators disagree with each other or the model.
     */
    public static Set<Flag> flags(SuggestParams p, Evidence e) {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        int top = argMax(e.fused());
        String label = e.labels().get(top);
        if (e.fused()[top] < p.lowConfidence()) {
            flags.add(Flag.LOW_CONFIDENCE);
        }
        if (e.face() != null && e.audio() != null) {
            int a = argMax(e.audio());
            int f = argMax(e.face());
            boolean audioSure = e.audio()[a] >= CONFLICT_CONFIDENCE && e.audioReliability() >= 0.5;
            boolean faceSure = e.face()[f] >= CONFLICT_CONFIDENCE && e.faceReliability() >= 0.5;
            if (audioSure && faceSure && !LabelMapping.same(e.labels().get(a), e.labels().get(f))) {
                flags.add(Flag.MODALITY_CONFLICT);
            }
        }
        if (e.windows().size() > 1) {
            // by emotion, as MODALITY_CONFLICT: windows between calm and neutral agree with either
            long agree = e.windows().stream().filter(w -> LabelMapping.same(w.label(), label)).count();
            if (agree < p.stableAgreement() * e.windows().size()) {
                flags.add(Flag.UNSTABLE);
            }
        }
        boolean weakAudioAlone = e.face() == null && e.audioReliability() < 0.5;
        if (e.speechMs() < p.minSpeechMs() || (e.faceExpected() && e.faceFrames() < p.minFaceFrames())
                || weakAudioAlone) {
            flags.add(Flag.WEAK_EVIDENCE);
        }
        if (e.outOfDomain() > 1) {
            flags.add(Flag.OUT_OF_DOMAIN);
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
