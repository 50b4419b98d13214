package org.autotier.ui.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.LabelDistribution;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Segment;
import org.autotier.model.suggest.Suggestion;
import org.junit.jupiter.api.Test;

class SuggestionTableModelTest {

    private static Suggestion s(long start, String label, double conf, Set<Flag> flags) {
        LabelDistribution d = LabelDistribution.of(List.of("happy", "sad"), label.equals("happy")
                ? new double[] {conf, 1 - conf} : new double[] {1 - conf, conf});
        return new Suggestion(new Segment(start, start + 1000, null), label, conf, d, flags, ReviewState.UNREVIEWED);
    }

    @Test
    void ordersFlaggedFirstThenLeastConfident() {
        SuggestionTableModel m = new SuggestionTableModel();
        m.setSuggestions(List.of(
                s(0, "happy", 0.95, Set.of()),
                s(2000, "sad", 0.55, Set.of()),
                s(4000, "happy", 0.90, Set.of(Flag.MODALITY_CONFLICT)),
                s(6000, "sad", 0.51, Set.of(Flag.LOW_CONFIDENCE, Flag.UNSTABLE))));
        assertEquals(4, m.getRowCount());
        assertEquals("6.000", m.getValueAt(0, 0), "two flags come first");
        assertEquals("LOW_CONFIDENCE UNSTABLE", m.getValueAt(0, 4));
        assertEquals("4.000", m.getValueAt(1, 0), "one flag next");
        assertEquals("2.000", m.getValueAt(2, 0), "then the least confident unflagged");
        assertEquals("0.55", m.getValueAt(2, 3));
        assertEquals("0.000", m.getValueAt(3, 0));
        assertEquals("unreviewed", m.getValueAt(3, 5));
    }
}
