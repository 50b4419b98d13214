package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.api.SegmentService;
import org.autotier.model.eaf.EafDocument;
import org.autotier.ui.api.HostAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A crash in the analysis cannot take the host down: the pipeline runs in a child JVM started
 * from the host's own bundle files. The child is made to crash in native code on purpose (a
 * test-only setting: a segmentation fault when the recording's name contains a marker) and is
 * killed with SIGKILL, as the out-of-memory killer would. Each time the framework, the host and
 * its open document are untouched, the error names the recording and the cause, and the next run
 * works in a new child.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CrashIsolationTest {
    private static final String MARKER = "crash-here";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path tmp;

    private Configuration config;

    @BeforeEach
    void isolateAndArmTheCrash() throws Exception {
        config = configAdmin.getConfiguration(AutoSuggestService.PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("isolation", "child");
        p.put("workerJvmOptions", "-Dautotier.worker.test.crashOnMedia=" + MARKER);
        p.put("workerIdleSeconds", 600);
        config.update(p);
        awaitProperty("workerJvmOptions", p.get("workerJvmOptions"));
    }

    @AfterEach
    void restore() throws Exception {
        config.delete();
    }

    /**
     * Waits until both components configured by the PID have the setting: ConfigAdmin delivers it
     * to each asynchronously, and PipelineWorkers (which starts the child) may lag the service
     * that the request goes to; a child started on the old settings is replaced at the next request.
     */
    private void awaitProperty(String key, Object value) throws Exception {
        List<String> configured = List.of(AutoSuggestService.class.getName(),
                "org.autotier.core.internal.PipelineWorkers"); // (SegmentService has no settings of its own)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (String service : configured) {
                ServiceReference<?> r = context.getServiceReference(service);
                all &= r != null && value.equals(r.getProperty(key));
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the configuration " + key + "=" + value + " never reached the component");
    }

    private AutoSuggestService service() {
        return context.getService(context.getServiceReference(AutoSuggestService.class));
    }

    private HostAction autoSuggestAction() throws Exception {
        return context.getServiceReferences(HostAction.class, null).stream().map(context::getService)
                .filter(a -> a.label().equals("Auto-suggest tiers...")).findFirst().orElseThrow();
    }

    /** The analysis processes this JVM started (WorkerMain children). */
    private static List<ProcessHandle> workers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("org.autotier.core.worker.WorkerMain"))
                        .orElse(false))
                .sorted(Comparator.comparingLong(ProcessHandle::pid)).toList();
    }

    private void assertTheHostIsUnharmed(TestHost host, EafDocument before) {
        assertEquals(Bundle.ACTIVE, context.getBundle(0).getState(), "the framework runs");
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is still active");
            }
        }
        assertTrue(host.replaced.isDone() == false, "the host's document was not replaced");
        assertEquals(before, host.document(), "the user's open document is untouched");
    }

    @Test
    void aNativeCrashInTheAnalysisLeavesTheHostAndItsDocumentAsTheyWereAndTheNextRunWorks() throws Exception {
        Path wav = Fixtures.speech(tmp);
        // the crash happens in a run of the host's own action, on a recording the user chose
        Path doomed = Files.copy(wav, tmp.resolve("interview-" + MARKER + ".wav"));
        EafDocument before = Fixtures.userDocument();
        TestHost host = new TestHost(before, tmp.resolve("session.eaf"), doomed);
        autoSuggestAction().perform(host);
        String message = host.finished.get(300, TimeUnit.SECONDS);
        assertTrue(message.startsWith("ERROR autotier: "), message);
        assertTrue(message.contains(doomed.toString()), "names the recording: " + message);
        assertTrue(message.contains("crashed in native code") && message.contains("SIGSEGV"), message);
        assertTrue(message.contains("hs_err_pid"), "points to the crash report: " + message);
        assertTrue(message.contains("Your document is unchanged"), message);
        System.out.println("crash isolation, native crash: " + message);
        assertTheHostIsUnharmed(host, before);
        assertTrue(workers().isEmpty(), "the crashed child is gone: " + workers());

        // the next run starts a new child and works
        TestHost next = new TestHost(before, tmp.resolve("session.eaf"), wav);
        autoSuggestAction().perform(next);
        List<String> changed = next.replaced.get(300, TimeUnit.SECONDS);
        assertTrue(changed.contains("autotier-emotion"), changed.toString());
        assertEquals(before.tier("Transcript"), next.document().tier("Transcript"), "the user's tier travels intact");
        assertEquals(1, workers().size(), "one warm child: " + workers());
    }

    @Test
    void aKilledChildIsAClearErrorAndTheWarmChildServesTheNextRequestsWithoutRestarting() throws Exception {
        Path wav = Fixtures.speech(tmp);
        AutoSuggestService service = service();
        AutoSuggestService.Request request = new AutoSuggestService.Request(wav, null, tmp.resolve("x.eaf"), List.of());
        service.start(request, null).result().toCompletableFuture().get(300, TimeUnit.SECONDS);
        List<ProcessHandle> warm = workers();
        assertEquals(1, warm.size(), warm.toString());
        // the same child serves the next request and the segment service
        assertFalse(service.start(request, null).result().toCompletableFuture().get(300, TimeUnit.SECONDS)
                .suggestions().isEmpty());
        SegmentService segments = context.getService(context.getServiceReference(SegmentService.class));
        EafDocument segmented = segments.segment(wav, Fixtures.userDocument(), tmp.resolve("s.eaf"), null);
        assertTrue(segmented.tier("autotier-speech") != null, "segmented in the child");
        assertEquals(warm, workers(), "the warm child served all three");

        // killed mid-request, as the out-of-memory killer does
        CompletableFuture<Double> started = new CompletableFuture<>();
        AutoSuggestService.Job job = service.start(request, f -> started.complete(f));
        started.get(300, TimeUnit.SECONDS);
        warm.get(0).destroyForcibly();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> job.result().toCompletableFuture().get(120, TimeUnit.SECONDS));
        String message = e.getCause().getMessage();
        assertTrue(message.contains(wav.toString()) && message.contains("SIGKILL"), message);
        System.out.println("crash isolation, SIGKILL: " + message);

        assertFalse(service.start(request, null).result().toCompletableFuture().get(300, TimeUnit.SECONDS)
                .suggestions().isEmpty(), "the next request works");
        assertEquals(1, workers().size());
        assertNotEquals(warm, workers(), "in a new child");
    }

    @Test
    void theChildExitsWhenIdleForTheConfiguredTime() throws Exception {
        Dictionary<String, Object> p = config.getProperties();
        p.put("workerIdleSeconds", 2);
        config.update(p);
        awaitProperty("workerIdleSeconds", 2);
        Path wav = Fixtures.speech(tmp);
        service().start(new AutoSuggestService.Request(wav, null, tmp.resolve("x.eaf"), List.of()), null).result()
                .toCompletableFuture().get(300, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!workers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), workers(), "no child left after 2 s idle");
    }
}
