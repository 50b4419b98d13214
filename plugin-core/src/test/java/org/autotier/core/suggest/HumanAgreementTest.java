package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.autotier.core.eval.Agreement;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.autotier.model.suggest.LabelDistribution;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Segment;
import org.autotier.model.suggest.Suggestion;
import org.junit.jupiter.api.Test;

class HumanAgreementTest {

    private static SegmentAnalysis analysis(long start, String modelLabel, String... humans) {
        Suggestion s = new Suggestion(new Segment(start, start + 1000, null), modelLabel, 0.9,
                LabelDistribution.of(List.of(modelLabel), new double[] {1}), Set.of(), ReviewState.UNREVIEWED);
        return new SegmentAnalysis(s, new double[] {1}, null, 0, 1000, List.of(), new float[0], new float[0],
                new ArrayList<>(Arrays.asList(humans)));
    }

    @Test
    void fleissAmongAnnotatorsAndCohenOfTheModelAgainstTheirMajority() {
        // three annotators (seed 002's experts), emotions named two ways: joy = happy, anger = angry
        List<SegmentAnalysis> a = List.of(
                analysis(0, "happy", "joy", "happy", "joy"),
                analysis(1000, "angry", "anger", "anger", "sadness"),
                analysis(2000, "sad", "sadness", "sadness", "sadness"),
                analysis(3000, "happy", "anger", "joy", "sadness"),     // no majority
                analysis(4000, "angry", "neutral", "neutral", "neutral"),
                analysis(5000, "happy", null, "joy", "joy"));            // one tier silent: not in Fleiss
        HumanAgreement h = HumanAgreement.of(a);
        // by hand, categories in order of appearance: happy, angry, sad, neutral
        int[][] counts = {{3, 0, 0, 0}, {0, 2, 1, 0}, {0, 0, 3, 0}, {1, 1, 1, 0}, {0, 0, 0, 3}};
        assertEquals(Agreement.fleiss(counts), h.fleiss(), 1e-12);
        // majority exists for 5 segments (all but 3000 ms): model happy, angry, sad, angry, happy
        int[] model = {0, 1, 2, 1, 0};
        int[] majority = {0, 1, 2, 3, 0};
        assertEquals(Agreement.cohen(model, majority, 4), h.modelVsMajority(), 1e-12);
        assertEquals(5, h.items());
        assertTrue(h.describe().startsWith("fleiss="), h.describe());
    }

    @Test
    void aHumanLabelIsTheAnnotationCoveringMostOfTheSegment() {
        EafEditor ed = EafEditor.create("lab");
        ed.putLinguisticType(new LinguisticType("emotion", true, null, false, null, null, null));
        ed.addTier(Tier.of("ann1", "emotion", null));
        ed.addTier(Tier.of("ann2", "emotion", null));
        ed.addAlignable("ann1", 0, 600, "joy");
        ed.addAlignable("ann1", 600, 1000, "anger");
        ed.addAlignable("ann2", 900, 1400, "sadness");
        EafDocument doc = ed.build();
        HumanLabels h = HumanLabels.read(doc, List.of("ann1", "ann2"));
        List<String> labels = h.labels(0, 1000);
        assertEquals("joy", labels.get(0), "600 of 1000 ms");
        assertEquals(null, labels.get(1), "100 of 1000 ms is not enough");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HumanLabels.read(doc, List.of("ann3")));
        assertTrue(e.getMessage().contains("ann3") && e.getMessage().contains("ann1"), e.getMessage());
    }
}
