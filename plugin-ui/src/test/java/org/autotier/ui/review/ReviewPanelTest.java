package org.autotier.ui.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.ActionEvent;
import java.nio.file.Path;
import java.util.List;
import javax.swing.SwingUtilities;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafWriter;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the review panel with its keys' actions and checks the EAF that results. */
class ReviewPanelTest {
    @TempDir
    Path tmp;

    private static void press(ReviewPanel panel, String action) throws Exception {
        SwingUtilities.invokeAndWait(() -> panel.getActionMap().get(action)
                .actionPerformed(new ActionEvent(panel, ActionEvent.ACTION_PERFORMED, action)));
    }

    @Test
    void acceptAndCorrectUpdateTheReviewAndEmotionTiers() throws Exception {
        Path eaf = tmp.resolve("session.eaf");
        EafDocument doc = TestDocuments.withSuggestions(eaf);
        TestDocuments.RecordingHost host = new TestDocuments.RecordingHost(doc, eaf);
        ReviewPanel[] holder = new ReviewPanel[1];
        SwingUtilities.invokeAndWait(() -> holder[0] = new ReviewPanel(host));
        ReviewPanel panel = holder[0];

        // least certain first: the two flagged ones (4000 ms has two flags), then lowest confidence
        assertEquals(List.of(4000L, 7000L, 10000L, 1000L), List.of(0, 1, 2, 3).stream()
                .map(r -> panel.table().getModel().getValueAt(r, 0)).map(v -> Math.round(Double.parseDouble(
                        (String) v) * 1000)).toList());
        assertEquals(4000L, host.seeks.get(host.seeks.size() - 1), "the first row seeks the media");
        assertEquals(TestDocuments.LABELS, panel.labels());

        press(panel, "accept");       // 4000 ms: sad accepted; moves on to 7000 ms
        assertEquals(7000L, host.seeks.get(host.seeks.size() - 1));
        press(panel, "correct2");     // 7000 ms: angry corrected to the 2nd label, happy
        press(panel, "reject");       // 10000 ms: rejected

        EafWriter.write(host.document, eaf);
        EafDocument saved = EafReader.read(eaf);
        assertEquals(List.of(), EafValidator.validate(saved));
        List<Suggestion> s = SuggestionTiers.read(saved);
        assertEquals(ReviewState.UNREVIEWED, s.get(0).review());
        assertEquals("happy", s.get(0).label());
        assertEquals(ReviewState.ACCEPTED, s.get(1).review());
        assertEquals("sad", s.get(1).label());
        assertEquals(ReviewState.CORRECTED, s.get(2).review());
        assertEquals("happy", s.get(2).label());
        assertEquals(ReviewState.REJECTED, s.get(3).review());
        assertEquals("neutral", s.get(3).label());
        var emotion = saved.tier(SuggestionTiers.EMOTION).orElseThrow();
        assertTrue(emotion.annotations().stream().allMatch(a -> a.cveRef() != null
                && a.cveRef().endsWith(a.value())), "corrections keep their CV reference right");
        assertEquals(List.of(List.of(SuggestionTiers.REVIEW),
                List.of(SuggestionTiers.REVIEW, SuggestionTiers.EMOTION), List.of(SuggestionTiers.REVIEW)),
                host.replaced, "the host is told which tiers changed");
        // every other tier is exactly as before
        for (var t : doc.tiers()) {
            if (!t.id().equals(SuggestionTiers.REVIEW) && !t.id().equals(SuggestionTiers.EMOTION)) {
                assertEquals(t, saved.tier(t.id()).orElseThrow(), t.id());
            }
        }
    }
}
