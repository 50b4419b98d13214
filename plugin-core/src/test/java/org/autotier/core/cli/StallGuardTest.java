package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The command line's hang guard: an analysis that stands still is given up on with an error that
 * names the recording, one that keeps reporting progress is never cut short, and what an analysis
 * throws reaches the caller as itself.
 */
class StallGuardTest {

    @Test
    void anAnalysisThatStandsStillIsGivenUpOnAndTheNextOneRuns() throws Exception {
        StallGuard guard = new StallGuard(300);
        CountDownLatch never = new CountDownLatch(1);
        List<Double> seen = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> guard.run(Path.of("/corpus/stuck.mp4"),
                seen::add, progress -> {
                    progress.accept(0.25);
                    pause(never, Long.MAX_VALUE); // as a decoder looping in native code: nothing reaches it
                    return "never";
                }));
        assertTrue(e.getMessage().startsWith("/corpus/stuck.mp4: the analysis made no progress for 0.3 s at 25%"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--stall-seconds"), e.getMessage());
        assertEquals(List.of(0.25), seen, "progress still reaches the caller's bar");
        assertEquals(1, guard.abandoned(), "its thread is left behind, and the models with it");
        assertEquals("ok", guard.run(Path.of("next.wav"), f -> { }, progress -> "ok"));
        never.countDown();
    }

    /** Waits for the latch or the time, whichever comes first. */
    private static void pause(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSlowAnalysisThatKeepsReportingProgressIsNotCutShort() throws Exception {
        StallGuard guard = new StallGuard(300);
        String result = guard.run(Path.of("long.mp4"), f -> { }, progress -> {
            for (int i = 0; i < 12; i++) { // 1.2 s in all, four times the limit, never 0.3 s silent
                pause(new CountDownLatch(1), 100);
                progress.accept(i / 12.0);
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(0, guard.abandoned());
    }

    @Test
    void whatTheAnalysisThrowsReachesTheCallerAsItself() {
        StallGuard guard = new StallGuard(60_000);
        IOException corrupt = new IOException("b.mp4: the file is corrupt");
        assertSame(corrupt, assertThrows(IOException.class, () -> guard.run(Path.of("b.mp4"), f -> { }, p -> {
            throw corrupt;
        })));
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> guard.run(Path.of("c.mp4"), f -> { }, p -> {
            throw bug;
        })));
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> guard.run(Path.of("d.mp4"), f -> { }, p -> {
            throw oom;
        })));
        assertThrows(IllegalArgumentException.class, () -> new StallGuard(0));
    }
}
