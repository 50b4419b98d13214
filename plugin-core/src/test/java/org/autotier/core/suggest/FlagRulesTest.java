package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.autotier.model.suggest.Flag;
import org.junit.jupiter.api.Test;

class FlagRulesTest {
    private static final List<String> LABELS = List.of("neutral", "happy", "sad");
    private static final SuggestParams P = SuggestParams.DEFAULTS;

    private static SegmentAnalysis.Window w(String label) {
        return new SegmentAnalysis.Window(0, 1, label, 0.9, new double[] {0, 0, 0});
    }

    private static Set<Flag> flags(double[] fused, double[] audio, double[] face, List<SegmentAnalysis.Window> windows,
            int faceFrames, long speechMs, boolean faceExpected, List<String> humans) {
        return FlagRules.flags(P, new FlagRules.Evidence(LABELS, fused, audio, face, windows, faceFrames, speechMs,
                faceExpected, humans));
    }

    private static final double[] HAPPY = {0.1, 0.8, 0.1};

    @Test
    void aConfidentConsistentWellEvidencedSegmentHasNoFlags() {
        assertEquals(Set.of(), flags(HAPPY, HAPPY, HAPPY, List.of(w("happy"), w("happy")), 20, 2000, true, List.of()));
    }

    @Test
    void eachRuleFiresOnItsOwnEvidence() {
        assertEquals(Set.of(Flag.LOW_CONFIDENCE), flags(new double[] {0.3, 0.45, 0.25}, HAPPY, HAPPY, List.of(),
                20, 2000, true, List.of()));
        assertEquals(Set.of(Flag.MODALITY_CONFLICT), flags(HAPPY, HAPPY, new double[] {0.1, 0.1, 0.8}, List.of(),
                20, 2000, true, List.of()));
        assertEquals(Set.of(), flags(HAPPY, HAPPY, new double[] {0.45, 0.15, 0.4}, List.of(), 20, 2000, true,
                List.of()), "a face that is not sure is no conflict");
        assertEquals(Set.of(), flags(HAPPY, new double[] {0.4, 0.35, 0.25}, new double[] {0.8, 0.1, 0.1}, List.of(),
                20, 2000, true, List.of()), "an audio opinion that is not sure is no conflict");
        assertEquals(Set.of(Flag.UNSTABLE), flags(HAPPY, HAPPY, HAPPY,
                List.of(w("happy"), w("sad"), w("sad"), w("happy")), 20, 2000, true, List.of()));
        assertEquals(Set.of(Flag.WEAK_EVIDENCE), flags(HAPPY, HAPPY, HAPPY, List.of(), 2, 2000, true, List.of()));
        assertEquals(Set.of(Flag.WEAK_EVIDENCE), flags(HAPPY, HAPPY, HAPPY, List.of(), 20, 400, true, List.of()));
        assertEquals(Set.of(), flags(HAPPY, HAPPY, null, List.of(), 0, 2000, false, List.of()),
                "audio only with enough speech is not weak for that alone");
        assertEquals(Set.of(Flag.WEAK_EVIDENCE), flags(HAPPY, HAPPY, null, List.of(), 0, 400, false, List.of()),
                "audio only with little speech");
        assertEquals(Set.of(Flag.OUT_OF_DOMAIN), FlagRules.flags(P, new FlagRules.Evidence(LABELS, HAPPY, HAPPY, null,
                List.of(), 0, 2000, false, List.of(), 1.3, 0.7, 0)), "unlike the training data");
        assertEquals(Set.of(), FlagRules.flags(P, new FlagRules.Evidence(LABELS, HAPPY, HAPPY, null, List.of(), 0,
                2000, false, List.of(), 0.9, 1, 0)), "within the held-out speakers' range");
        assertEquals(Set.of(Flag.HUMAN_DISAGREEMENT), flags(HAPPY, HAPPY, HAPPY, List.of(), 20, 2000, true,
                List.of("joy", "sad")), "humans disagree with each other");
        assertEquals(Set.of(Flag.HUMAN_DISAGREEMENT), flags(HAPPY, HAPPY, HAPPY, List.of(), 20, 2000, true,
                List.of("sadness", "sadness")), "humans agree, the model does not");
        List<String> oneMissing = new ArrayList<>();
        oneMissing.add("joy");
        oneMissing.add(null);
        assertEquals(Set.of(), flags(HAPPY, HAPPY, HAPPY, List.of(), 20, 2000, true, oneMissing),
                "joy is happy; a tier without a label does not count");
    }

    @Test
    void aConflictNeedsBothOpinionsConfidentAndReliable() {
        double[] sad = {0.1, 0.1, 0.8};
        assertEquals(Set.of(Flag.MODALITY_CONFLICT), FlagRules.flags(P, new FlagRules.Evidence(LABELS, HAPPY, HAPPY,
                sad, List.of(), 20, 2000, true, List.of(), 0, 1, 1)), "two confident, reliable, different opinions");
        assertEquals(Set.of(), FlagRules.flags(P, new FlagRules.Evidence(LABELS, HAPPY, HAPPY, sad, List.of(), 20,
                2000, true, List.of(), 0, 1, 0.2)), "a face seen in a fifth of the frames is weak, not a conflict");
        assertEquals(Set.of(), FlagRules.flags(P, new FlagRules.Evidence(LABELS, HAPPY, HAPPY, sad, List.of(), 20,
                2000, true, List.of(), 0, 0.3, 1)), "out-of-domain audio is weak, not a conflict");
        List<String> ravdess = List.of("neutral", "calm", "happy");
        assertEquals(Set.of(), FlagRules.flags(P, new FlagRules.Evidence(ravdess, new double[] {0.7, 0.2, 0.1},
                new double[] {0.1, 0.8, 0.1}, new double[] {0.8, 0.1, 0.1}, List.of(), 20, 2000, true, List.of(), 0,
                1, 1)), "calm and neutral are one emotion: no conflict");
        SegmentAnalysis.Window calm = new SegmentAnalysis.Window(0, 1, "calm", 0.6, new double[] {0.3, 0.6, 0.1});
        SegmentAnalysis.Window neutral = new SegmentAnalysis.Window(0, 1, "neutral", 0.6, new double[] {0.6, 0.3, 0.1});
        assertEquals(Set.of(), FlagRules.flags(P, new FlagRules.Evidence(ravdess, new double[] {0.7, 0.2, 0.1},
                new double[] {0.7, 0.2, 0.1}, null, List.of(neutral, calm, calm, neutral), 0, 2000, false, List.of())),
                "windows between calm and neutral are stable: they name one emotion");
        SegmentAnalysis.Window happy = new SegmentAnalysis.Window(0, 1, "happy", 0.6, new double[] {0.2, 0.2, 0.6});
        assertEquals(Set.of(Flag.UNSTABLE), FlagRules.flags(P, new FlagRules.Evidence(ravdess,
                new double[] {0.7, 0.2, 0.1}, new double[] {0.7, 0.2, 0.1}, null, List.of(neutral, happy, happy, calm),
                0, 2000, false, List.of())), "half the windows name another emotion");
    }

    @Test
    void faceApiLabelsMapOntoModelLabelsByEmotion() {
        LabelMapping m = new LabelMapping(List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted",
                "surprised"), List.of("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"));
        double[] p = m.apply(new double[] {0.4, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05});
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05}, p, 1e-12,
                "neutral splits over neutral and calm");
        LabelMapping toSeed002 = new LabelMapping(List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted",
                "surprised"), List.of("anger", "joy", "neutral", "sadness"));
        double[] q = toSeed002.apply(new double[] {0.2, 0.2, 0.2, 0.2, 0.1, 0.05, 0.05});
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, q, 1e-12, "unmapped classes dropped, renormalised");
        assertNull(toSeed002.apply(new double[] {0, 0, 0, 0, 1, 0, 0}), "all mass on classes with no counterpart");
        assertTrue(LabelMapping.same("disgusted", "disgust") && !LabelMapping.same("happy", "sad"));
    }
}
