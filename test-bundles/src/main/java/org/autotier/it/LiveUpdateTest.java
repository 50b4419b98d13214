package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.model.suggest.Suggestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * plugin-core is stopped, updated and started 20 times while the framework (the host) stays up.
 * The heavy runtimes live in runtime-djl and runtime-media, which are never refreshed, so the
 * natives load once; after every cycle the service comes back as a new object, inference still
 * runs, the old service object refuses work, and threads and memory stay flat.
 */
@ExtendWith(BundleContextExtension.class)
class LiveUpdateTest {
    private static final int CYCLES = 20;

    @InjectBundleContext
    BundleContext context;

    @TempDir
    Path tmp;

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Suggestion> infer(AutoSuggestService s, Path wav, Path dir) throws Exception {
        return s.start(new AutoSuggestService.Request(wav, null, dir.resolve("x.eaf"), List.of()), null).result()
                .toCompletableFuture().get(120, TimeUnit.SECONDS).suggestions();
    }

    @Test
    void pluginCoreSurvivesTwentyUpdatesWithoutLeaks() throws Exception {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> "plugin-core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Path wav = Fixtures.speech(tmp);
        ServiceTracker<AutoSuggestService, AutoSuggestService> tracker =
                new ServiceTracker<>(context, AutoSuggestService.class, null);
        tracker.open();
        try {
            AutoSuggestService current = tracker.waitForService(30_000);
            assertFalse(infer(current, wav, tmp).isEmpty());
            long threads0 = 0;
            long heap0 = 0;
            long rss0 = 0;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                ServiceReference<AutoSuggestService> oldRef = tracker.getServiceReference();
                AutoSuggestService old = tracker.getService();
                core.stop();
                assertTrue(tracker.isEmpty(), "no AutoSuggestService while plugin-core is stopped");
                core.update();
                core.start();
                AutoSuggestService fresh = tracker.waitForService(30_000);
                assertNotNull(fresh, "the service came back after update " + cycle);
                assertNotEquals(oldRef.getProperty("service.id"), tracker.getServiceReference().getProperty("service.id"));
                assertTrue(fresh != old, "a new service object");
                // a stale reference must not quietly work on torn-down natives
                assertThrows(RuntimeException.class, () -> old.start(new AutoSuggestService.Request(wav, null,
                        tmp.resolve("stale.eaf"), List.of()), null));
                assertFalse(infer(fresh, wav, tmp).isEmpty(), "inference after update " + cycle);
                if (cycle == 4) { // after warm-up: JIT, class caches, allocator pools
                    threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
                    heap0 = heapAfterGc();
                    rss0 = rssKb();
                }
            }
            long threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long heap = heapAfterGc();
            long rss = rssKb();
            System.out.printf("live update, cycles 5-%d: threads %d -> %d, heap after GC %d -> %d MB, RSS %d -> %d MB%n",
                    CYCLES, threads0, threads, heap0 >> 20, heap >> 20, rss0 >> 10, rss >> 10);
            assertTrue(threads <= threads0 + 2, "threads leak: " + threads0 + " -> " + threads);
            assertTrue(heap - heap0 < 64L << 20, "heap grows: " + (heap0 >> 20) + " -> " + (heap >> 20) + " MB");
            assertTrue(rss - rss0 < 200L << 10, "native memory grows: " + (rss0 >> 10) + " -> " + (rss >> 10) + " MB");
        } finally {
            tracker.close();
        }
    }
}
