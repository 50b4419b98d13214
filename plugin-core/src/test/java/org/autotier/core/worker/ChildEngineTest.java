package org.autotier.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.suggest.SuggestParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's side of the analysis process, against {@link FakeWorker}: cancel, failures that
 * travel back as the exceptions the in-process engine throws, an out-of-memory exit, a child that
 * cannot start, and the idle exit. The real child and real crashes: CrashIsolationTest (OSGi).
 */
class ChildEngineTest {
    @TempDir
    Path tmp;

    private static final PipelineSettings SETTINGS = new PipelineSettings("/m", "cpu", 10, 0.4, SuggestParams.DEFAULTS);

    private ChildEngine engine(String mainClass, long idleMillis) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), mainClass);
        return new ChildEngine(cmd, tmp.resolve("requests"), tmp.resolve("crash-reports"), idleMillis);
    }

    @Test
    void aChildThatStopsReportingProgressIsEndedAndTheNextRequestGetsANewOne() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FakeWorker.class.getName());
        try (ChildEngine e = new ChildEngine(cmd, tmp.resolve("requests"), tmp.resolve("crash-reports"), 60_000,
                1500)) {
            List<Double> progress = new ArrayList<>();
            AutoSuggestService.Request stuck = new AutoSuggestService.Request(tmp.resolve("stuck.wav"), null,
                    tmp.resolve("stuck.eaf"), List.of());
            IOException x = assertThrows(IOException.class, () -> e.suggest(stuck, SETTINGS, progress::add, () -> false));
            assertTrue(x.getMessage().startsWith(tmp.resolve("stuck.wav") + ": the analysis made no progress for 1.5 s"),
                    x.getMessage());
            assertEquals(List.of(0.1), progress);
            assertTrue(e.childPid().isEmpty(), "the stuck child is gone");
            // the next recording gets a new child, which answers
            IOException next = assertThrows(IOException.class,
                    () -> e.segment(tmp.resolve("b.wav"), null, tmp.resolve("b.eaf"), f -> { }));
            assertEquals(tmp.resolve("b.wav") + ": not a media file", next.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new ChildEngine(cmd, tmp.resolve("r"), tmp.resolve("c"), 1000, 0));
    }

    @Test
    void aCancelReachesTheChildAndEndsTheRequestAsCancelled() throws Exception {
        try (ChildEngine e = engine(FakeWorker.class.getName(), 60_000)) {
            List<Double> progress = new ArrayList<>();
            AtomicBoolean cancel = new AtomicBoolean();
            AutoSuggestService.Request r = new AutoSuggestService.Request(tmp.resolve("a.wav"), null,
                    tmp.resolve("a.eaf"), List.of());
            assertThrows(CancellationException.class, () -> e.suggest(r, SETTINGS, f -> {
                progress.add(f);
                if (progress.size() == 5) {
                    cancel.set(true);
                }
            }, cancel::get));
            assertTrue(progress.size() >= 5, progress.toString());
            long pid = e.childPid().orElseThrow();
            // the child survives a cancel and answers the next request (here with a failure)
            IOException x = assertThrows(IOException.class,
                    () -> e.segment(tmp.resolve("b.wav"), null, tmp.resolve("b.eaf"), f -> { }));
            assertEquals(tmp.resolve("b.wav") + ": not a media file", x.getMessage(),
                    "the failure travels back as the same IOException, stray stdout ignored");
            assertEquals(pid, e.childPid().orElseThrow(), "the same warm child");
        }
    }

    @Test
    void aChildThatRunsOutOfMemoryIsNamedAsSuchAndReplaced() throws Exception {
        try (ChildEngine e = engine(FakeWorker.class.getName(), 60_000)) {
            Path media = tmp.resolve("oom.wav");
            IOException x = assertThrows(IOException.class, () -> e.segment(media, null, tmp.resolve("o.eaf"), f -> { }));
            assertTrue(x.getMessage().startsWith("autotier's analysis process stopped while working on " + media
                    + ": it ran out of memory (Java heap: Java heap space)"), x.getMessage());
            assertTrue(e.childPid().isEmpty(), "the dead child is forgotten");
            assertThrows(IOException.class, () -> e.segment(tmp.resolve("c.wav"), null, tmp.resolve("c.eaf"), f -> { }));
            assertTrue(e.childPid().isPresent(), "a new child answered");
        }
    }

    @Test
    void aChildThatCannotStartGivesTheReasonAndTheWayOut() {
        try (ChildEngine e = engine("org.autotier.NoSuchWorker", 60_000)) {
            IOException x = assertThrows(IOException.class,
                    () -> e.segment(tmp.resolve("d.wav"), null, tmp.resolve("d.eaf"), f -> { }));
            assertTrue(x.getMessage().startsWith("autotier could not start its analysis process (exit status 1)"),
                    x.getMessage());
            assertTrue(x.getMessage().contains("org.autotier.NoSuchWorker"), x.getMessage());
            assertTrue(x.getMessage().contains("set 'Isolation' to in-process"), x.getMessage());
        }
    }

    @Test
    void theChildExitsAfterTheIdleTimeAndTheRequestFilesAreGone() throws Exception {
        try (ChildEngine e = engine(FakeWorker.class.getName(), 300)) {
            assertThrows(IOException.class, () -> e.segment(tmp.resolve("e.wav"), null, tmp.resolve("e.eaf"), f -> { }));
            ProcessHandle child = ProcessHandle.of(e.childPid().orElseThrow()).orElseThrow();
            child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(e.childPid().isEmpty());
            try (var files = Files.list(tmp.resolve("requests"))) {
                assertEquals(List.of(), files.toList(), "no request documents left behind");
            }
        }
    }

    @Test
    void aClosedEngineStartsNoNewChild() {
        ChildEngine e = engine(FakeWorker.class.getName(), 60_000);
        e.close();
        IOException x = assertThrows(IOException.class,
                () -> e.segment(tmp.resolve("f.wav"), null, tmp.resolve("f.eaf"), f -> { }));
        assertTrue(x.getMessage().contains("was shut down"), x.getMessage());
        assertTrue(e.childPid().isEmpty());
    }

    @Test
    void aCrashReportIsSummarisedBySignalAndFrame() throws Exception {
        Path report = tmp.resolve("hs_err_pid42.log");
        Files.writeString(report, """
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x00007f2c1d7a0e5d, pid=42, tid=43
                #
                # JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6)
                # Problematic frame:
                # C  [libc.so.6+0x1a0e5d]
                #
                """);
        String m = WorkerDeath.explain(Path.of("/rec/a.mp4"), 134, report, List.of());
        assertEquals("autotier's analysis process stopped while working on /rec/a.mp4: it crashed in native code "
                + "(SIGSEGV (0xb) at pc=0x00007f2c1d7a0e5d, problematic frame: C [libc.so.6+0x1a0e5d]; the full report is "
                + report + "). Your document is unchanged; the next run starts a new analysis process.", m);
        assertTrue(WorkerDeath.explain(Path.of("/rec/a.mp4"), 137, null, List.of()).contains("killed (SIGKILL)"));
        assertTrue(WorkerDeath.explain(Path.of("/rec/a.mp4"), 143, null, List.of()).contains("SIGTERM (exit status 143)"));
        assertTrue(WorkerDeath.explain(Path.of("/rec/a.mp4"), 2, null, List.of("x", "boom"))
                .contains("exited with status 2: x | boom"));
    }
}
