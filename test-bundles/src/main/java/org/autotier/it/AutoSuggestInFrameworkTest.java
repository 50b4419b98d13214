package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;
import org.autotier.ui.api.HostAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The whole pipeline inside Felix, reached the way a host reaches it: the test host finds
 * autotier's actions on the whiteboard, runs "Auto-suggest tiers..." and receives the tiers
 * through the {@code AnnotationHost} SPI. ConfigAdmin changes apply without a restart.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AutoSuggestInFrameworkTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    AutoSuggestService service;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path tmp;

    private HostAction action(String label) throws Exception {
        List<ServiceReference<HostAction>> refs = context.getServiceReferences(HostAction.class, null).stream()
                .sorted(Comparator.comparing(r -> (Integer) r.getProperty(HostAction.ORDER))).toList();
        assertEquals(List.of("Auto-suggest tiers...", "Review suggestions..."),
                refs.stream().map(r -> context.getService(r).label()).toList(), "the whiteboard, in menu order");
        return refs.stream().map(context::getService).filter(a -> a.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void aHostRunsAutoSuggestFromTheWhiteboardAndReceivesTheTiers() throws Exception {
        Path wav = Fixtures.speech(tmp);
        EafDocument before = Fixtures.userDocument();
        TestHost host = new TestHost(before, tmp.resolve("session.eaf"), wav);
        action("Auto-suggest tiers...").perform(host);
        List<String> changed = host.replaced.get(180, TimeUnit.SECONDS);
        assertTrue(host.finished.get(10, TimeUnit.SECONDS).startsWith("INFO autotier: "), host.messages.toString());
        EafDocument after = host.document();
        assertEquals(before.tier("Transcript"), after.tier("Transcript"), "the user's tier is untouched");
        assertTrue(changed.containsAll(List.of("autotier-speech", SuggestionTiers.EMOTION, SuggestionTiers.CONFIDENCE,
                SuggestionTiers.FLAGS, SuggestionTiers.REVIEW, SuggestionTiers.DISTRIBUTION)), changed.toString());
        assertFalse(changed.contains("Transcript"));
        List<Suggestion> s = SuggestionTiers.read(after);
        assertFalse(s.isEmpty(), "speech gets suggestions");
        assertTrue(s.stream().noneMatch(x -> x.flags().contains(Flag.MODALITY_CONFLICT)), "audio only: no conflict");
        assertEquals(List.of(), EafValidator.validate(after));
        assertFalse(host.progress.isEmpty(), "the host heard the progress");
        assertEquals(1.0, host.progress.get(host.progress.size() - 1), 1e-9);
    }

    private List<Suggestion> suggest(Path wav) throws Exception {
        return service.start(new AutoSuggestService.Request(wav, null, tmp.resolve("x.eaf"), List.of()), null)
                .result().toCompletableFuture().get(180, TimeUnit.SECONDS).suggestions();
    }

    @Test
    void aConfigAdminChangeToAThresholdTakesEffectWithoutARestart() throws Exception {
        Path wav = Fixtures.speech(tmp);
        Configuration c = configAdmin.getConfiguration(AutoSuggestService.PID, "?");
        try {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("lowConfidence", 0.0);
            c.update(p);
            awaitConfigured(0.0);
            List<Suggestion> none = suggest(wav);
            assertTrue(none.stream().noneMatch(x -> x.flags().contains(Flag.LOW_CONFIDENCE)), none.toString());
            p.put("lowConfidence", 1.0);
            c.update(p);
            awaitConfigured(1.0);
            List<Suggestion> all = suggest(wav);
            assertTrue(all.stream().allMatch(x -> x.flags().contains(Flag.LOW_CONFIDENCE)), all.toString());
        } finally {
            c.delete();
        }
    }

    /** ConfigAdmin delivers asynchronously: wait until the component's properties show the value. */
    private void awaitConfigured(double value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ServiceReference<AutoSuggestService> r = context.getServiceReference(AutoSuggestService.class);
            if (r != null && Double.valueOf(value).equals(r.getProperty("lowConfidence"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the configuration lowConfidence=" + value + " never reached the component");
    }
}
