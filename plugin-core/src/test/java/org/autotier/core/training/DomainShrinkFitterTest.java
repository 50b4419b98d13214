package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-domain shrink fitted on what the model does with clips near and far from its training data. */
class DomainShrinkFitterTest {
    static final DomainModel DOMAIN = new DomainModel(new double[] {0}, new double[] {1}, 1.2, 1.5);

    /** n clips at distance d, each right with probability accuracy, the model saying confidence for its top label. */
    static List<DomainShrinkFitter.Item> clips(Random r, int n, double d, double accuracy, double confidence) {
        List<DomainShrinkFitter.Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int truth = r.nextInt(4);
            int top = r.nextDouble() < accuracy ? truth : (truth + 1 + r.nextInt(3)) % 4;
            double[] p = new double[4];
            java.util.Arrays.fill(p, (1 - confidence) / 3);
            p[top] = confidence;
            out.add(new DomainShrinkFitter.Item(d + 0.05 * r.nextGaussian(), p, truth));
        }
        return out;
    }

    @Test
    void farClipsTheModelStillGetsRightAreShrunkLessThanByTheDefaultRule() {
        Random r = new Random(1);
        List<DomainShrinkFitter.Item> items = clips(r, 300, 0.9, 0.7, 0.7);
        items.addAll(clips(r, 300, 2.5, 0.65, 0.7)); // noisy speech: a little worse, not lost
        DomainModel.ShrinkFit fit = DomainShrinkFitter.fit(DOMAIN, items, 10, 300, 1, 42);
        DomainModel fitted = DOMAIN.withShrink(fit);
        assertTrue(DOMAIN.shrink(2.5) > 0.6, "the default rule shrinks them hard: " + DOMAIN.shrink(2.5));
        assertTrue(fitted.shrink(2.5) < 0.2, "fitted: " + fitted.shrink(2.5) + " " + fit);
        assertTrue(fit.nllAfter() < fit.nllBefore(), fit.toString());
        assertTrue(fit.eceAfter() < fit.eceBefore(), fit.toString());
        assertEquals(0, fitted.shrink(0.9), 1e-12, "in domain nothing moves");
    }

    @Test
    void farClipsTheModelGetsWrongKeepAFullShrink() {
        Random r = new Random(2);
        List<DomainShrinkFitter.Item> items = clips(r, 300, 0.9, 0.7, 0.7);
        items.addAll(clips(r, 300, 3.2, 0.25, 0.9)); // far off and confidently wrong
        DomainModel fitted = DOMAIN.withShrink(DomainShrinkFitter.fit(DOMAIN, items, 10, 300, 1, 42));
        assertTrue(fitted.shrink(3.2) > 0.95, "fitted: " + fitted.shrink(3.2));
    }

    @Test
    void theShrinkIsCompleteBeforeSoundsThatAreNotSpeech() {
        Random r = new Random(3);
        List<DomainShrinkFitter.Item> items = clips(r, 300, 0.9, 0.7, 0.7);
        items.addAll(clips(r, 300, 4, 0.7, 0.7)); // the clips alone would ask for no shrink at all
        DomainModel.ShrinkFit fit = DomainShrinkFitter.fit(DOMAIN, items, 4.5, 300, 1, 42);
        assertTrue(fit.to() <= 4.5, fit.toString());
        assertEquals(1, DOMAIN.withShrink(fit).shrink(4.5), 1e-12);
    }

    @Test
    void withoutAFitTheDefaultRuleHoldsAndAFitSurvivesTheModelCard(@TempDir Path dir) throws Exception {
        assertNull(DOMAIN.shrinkFit());
        assertEquals(DOMAIN.q95(), DOMAIN.shrinkFrom(), 0);
        assertEquals(2 * DOMAIN.q99(), DOMAIN.shrinkTo(), 0);
        assertEquals(0.5, DOMAIN.shrink((DOMAIN.q95() + 2 * DOMAIN.q99()) / 2), 1e-12);
        Path shipped = org.autotier.core.suggest.ShippedModel.path();
        Files.copy(shipped.resolve(ModelStore.CARD), dir.resolve(ModelStore.CARD));
        ModelCard card = ModelStore.readCard(dir);
        DomainModel.ShrinkFit fit = new DomainModel.ShrinkFit(2, 3, 4, 5, 6, 7, 0.9, 0.8, 0.1, 0.05);
        ModelStore.writeCard(dir, card.withDomain(card.domain().withShrink(fit)));
        DomainModel read = ModelStore.readCard(dir).domain();
        assertEquals(fit, read.shrinkFit());
        assertEquals(2, read.shrinkFrom(), 0);
        assertEquals(3, read.shrinkTo(), 0);
    }
}
