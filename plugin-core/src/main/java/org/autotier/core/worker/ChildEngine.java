package org.autotier.core.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import org.autotier.model.suggest.Suggestion;

/**
 * The pipeline in a child JVM ({@link WorkerMain}), so that a native crash, an abort or an
 * out-of-memory kill ends the child and not the host. The child stays warm between requests (the
 * models load once) and exits after {@code idleMillis} without work. If it dies during a request,
 * the request fails with an IOException naming the recording and the cause; the next request
 * starts a new child. Documents travel as EAF files in {@code workDir}.
 */
public final class ChildEngine implements Engine {
    private static final JsonNode DIED = WorkerProtocol.message("event", "died");
    private static final long START_TIMEOUT_S = 180;
    private static final long CANCEL_GRACE_S = 30;
    /**
     * A request whose child reports no progress for this long is ended: a decoder stuck in a loop on
     * damaged media never returns, and no timeout reaches into FFmpeg's native code, so the process
     * holding it goes. The analysis reports progress at least every few seconds (decoding by
     * position, prediction by batch), so 10 minutes of silence is never a slow recording.
     * {@code -Dautotier.stallSeconds} changes it.
     */
    public static final long DEFAULT_STALL_S = 600;

    private final List<String> command;
    private final Path workDir;
    private final Path crashReports;
    private final long idleMillis;
    private final long stallMillis;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "autotier-worker-idle");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> idleExit;
    private Child child;
    private long lastId;
    private boolean closed;

    /**
     * @param command starts the child (see {@link ChildLaunch}); its crash reports go to
     *        {@code crashReports} as hs_err_pid&lt;pid&gt;.log
     * @param workDir where request and result documents pass; created if missing
     * @param idleMillis the child exits after this long without a request
     */
    public ChildEngine(List<String> command, Path workDir, Path crashReports, long idleMillis) {
        this(command, workDir, crashReports, idleMillis,
                1000 * Long.getLong("autotier.stallSeconds", DEFAULT_STALL_S));
    }

    /** @param stallMillis a request ends, and its child with it, after this long without progress */
    public ChildEngine(List<String> command, Path workDir, Path crashReports, long idleMillis, long stallMillis) {
        if (stallMillis <= 0) {
            throw new IllegalArgumentException("the stall limit must be positive, not " + stallMillis + " ms");
        }
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.crashReports = crashReports;
        this.idleMillis = idleMillis;
        this.stallMillis = stallMillis;
    }

    /** A running child: its process, its events (from stdout) and the tail of its stderr. */
    private static final class Child {
        final Process process;
        final OutputStream stdin;
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final Deque<String> stderrTail = new ArrayDeque<>();

        Child(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            daemon("autotier-worker-stdout", () -> {
                try (BufferedReader r = reader(process.getInputStream())) {
                    for (String line; (line = r.readLine()) != null; ) {
                        JsonNode e = WorkerProtocol.parse(line);
                        if (e != null) {
                            events.add(e);
                        }
                    }
                } catch (IOException e) {
                    // the pipe broke: the child is gone, which DIED reports
                }
                events.add(DIED);
            });
            daemon("autotier-worker-stderr", () -> {
                try (BufferedReader r = reader(process.getErrorStream())) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (stderrTail) {
                            stderrTail.add(line);
                            if (stderrTail.size() > 60) {
                                stderrTail.removeFirst();
                            }
                        }
                    }
                } catch (IOException e) {
                    // as above
                }
            });
        }

        void send(JsonNode command) throws IOException {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        List<String> stderrTail() {
            synchronized (stderrTail) {
                return new ArrayList<>(stderrTail);
            }
        }

        private static BufferedReader reader(InputStream in) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        private static void daemon(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The child's process id, if one is running (tests and diagnostics). */
    public synchronized java.util.OptionalLong childPid() {
        return child == null || !child.process.isAlive() ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(child.process.pid());
    }

    @Override
    public AutoSuggestService.Result suggest(AutoSuggestService.Request request, PipelineSettings settings,
            DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        return call(request.into(), (id, c, into, out) -> {
            ObjectNode cmd = command("suggest", id, request.media(), into, request.eafPath(), out);
            cmd.set("humanTiers", WorkerProtocol.JSON.valueToTree(request.humanTiers()));
            cmd.set("settings", WorkerProtocol.JSON.valueToTree(settings));
            c.send(cmd);
            JsonNode done = await(c, id, request.media(), progress, cancelled);
            List<Suggestion> suggestions = WorkerProtocol.JSON.convertValue(done.path("suggestions"),
                    new TypeReference<List<Suggestion>>() { });
            List<String> changed = WorkerProtocol.JSON.convertValue(done.path("changedTiers"),
                    new TypeReference<List<String>>() { });
            return new AutoSuggestService.Result(EafReader.read(out), suggestions, changed);
        });
    }

    @Override
    public EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress) throws IOException {
        return call(into, (id, c, intoFile, out) -> {
            c.send(command("segment", id, media, intoFile, eafPath, out));
            await(c, id, media, progress, () -> false);
            return EafReader.read(out);
        });
    }

    private interface Exchange<T> {
        T run(long id, Child child, Path into, Path out) throws IOException;
    }

    private static ObjectNode command(String op, long id, Path media, Path into, Path eafPath, Path out) {
        ObjectNode cmd = WorkerProtocol.message("op", op).put("id", id)
                .put("media", media.toAbsolutePath().toString())
                .put("eafPath", eafPath.toAbsolutePath().toString()).put("out", out.toString());
        if (into != null) {
            cmd.put("into", into.toString());
        }
        return cmd;
    }

    /** One request through the child: the document out as a file, the answer back, the files gone. */
    private <T> T call(EafDocument into, Exchange<T> exchange) throws IOException {
        oneAtATime.lock();
        Path intoFile = null;
        Path out = null;
        try {
            cancelIdleExit();
            Child c = running();
            long id = ++lastId;
            Files.createDirectories(workDir);
            out = workDir.resolve("request-" + c.process.pid() + "-" + id + "-out.eaf");
            if (into != null) {
                intoFile = workDir.resolve("request-" + c.process.pid() + "-" + id + "-in.eaf");
                EafWriter.write(into, intoFile, EafVersion.forWriting(into), false);
            }
            return exchange.run(id, c, intoFile, out);
        } finally {
            deleteQuietly(intoFile);
            deleteQuietly(out);
            scheduleIdleExit();
            oneAtATime.unlock();
        }
    }

    /** Waits for the request's answer, passing progress on and a cancel through. */
    private JsonNode await(Child c, long id, Path media, DoubleConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        long cancelDeadline = Long.MAX_VALUE;
        long lastHeard = System.nanoTime();
        while (true) {
            JsonNode e;
            try {
                e = c.events.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                stop(c, true);
                throw new CancellationException("interrupted; the analysis process was ended");
            }
            if (cancelDeadline == Long.MAX_VALUE && cancelled.getAsBoolean()) {
                c.send(WorkerProtocol.message("op", "cancel").put("id", id));
                cancelDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CANCEL_GRACE_S);
            }
            if (e == null) {
                if (System.nanoTime() > cancelDeadline) {
                    stop(c, true);
                    throw new CancellationException("cancelled; the analysis process did not stop within "
                            + CANCEL_GRACE_S + " s and was ended");
                }
                if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
                    stop(c, true);
                    throw new IOException(String.format(java.util.Locale.ROOT, "%s: the analysis made no progress "
                            + "for %.1f s (a decoder stuck on damaged media?); its process was ended, and the next "
                            + "recording starts a new one. If this recording is only slow, raise the limit with "
                            + "-Dautotier.stallSeconds=S", media, stallMillis / 1000.0));
                }
                continue;
            }
            if (e == DIED) {
                throw new IOException(death(c, media));
            }
            if (e.path("id").asLong() != id) {
                continue; // an answer to an earlier request that was given up on
            }
            lastHeard = System.nanoTime();
            switch (e.path("event").asText()) {
                case "progress" -> progress.accept(e.path("fraction").asDouble());
                case "done" -> {
                    return e;
                }
                case "failed" -> {
                    Exception x = WorkerProtocol.exception(e);
                    if (x instanceof IOException io) {
                        throw io;
                    }
                    throw (RuntimeException) x;
                }
                default -> { }
            }
        }
    }

    /** The message for a child that died; forgets the child, so the next request starts another. */
    private String death(Child c, Path media) {
        int exit;
        try {
            if (!c.process.waitFor(10, TimeUnit.SECONDS)) {
                c.process.destroyForcibly();
            }
            exit = c.process.waitFor();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        forget(c);
        Path report = crashReports.resolve("hs_err_pid" + c.process.pid() + ".log");
        return WorkerDeath.explain(media, exit, report, c.stderrTail());
    }

    /** The warm child, or a new one once it says it is ready. */
    private synchronized Child running() throws IOException {
        if (child != null && child.process.isAlive()) {
            return child;
        }
        if (closed) {
            // a request that got this engine just before its settings changed or autotier stopped
            throw new IOException("autotier's analysis process was shut down (its settings changed or autotier "
                    + "stopped); run again");
        }
        Files.createDirectories(crashReports);
        Process p = new ProcessBuilder(command).start();
        Child c = new Child(p);
        try {
            JsonNode first = c.events.poll(START_TIMEOUT_S, TimeUnit.SECONDS);
            if (first == null || !first.path("event").asText().equals("ready")) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("autotier could not start its analysis process"
                        + (first == null ? " within " + START_TIMEOUT_S + " s" : " (exit status " + p.exitValue() + ")")
                        + lastLines(c.stderrTail())
                        + ". To run the analysis inside this application instead, set 'Isolation' to in-process"
                        + " (configuration org.autotier).");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while the analysis process started");
        }
        child = c;
        return c;
    }

    private static String lastLines(List<String> tail) {
        return tail.isEmpty() ? "" : ": " + String.join(" | ", tail.subList(Math.max(0, tail.size() - 5), tail.size()));
    }

    private synchronized void forget(Child c) {
        if (child == c) {
            child = null;
        }
    }

    /** Ends a child: closing stdin asks it to exit; forcibly when asked, or when it does not. */
    private void stop(Child c, boolean forcibly) {
        forget(c);
        try {
            c.stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (forcibly || !c.process.waitFor(20, TimeUnit.SECONDS)) {
                c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            c.process.destroyForcibly();
        }
    }

    private synchronized void cancelIdleExit() {
        if (idleExit != null) {
            idleExit.cancel(false);
            idleExit = null;
        }
    }

    private synchronized void scheduleIdleExit() {
        cancelIdleExit();
        if (!timer.isShutdown()) {
            idleExit = timer.schedule(this::exitIfIdle, idleMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void exitIfIdle() {
        if (oneAtATime.tryLock()) {
            try {
                Child c;
                synchronized (this) {
                    c = child;
                }
                if (c != null) {
                    stop(c, false);
                }
            } finally {
                oneAtATime.unlock();
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file in autotier's work folder; the next close removes it
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Child c;
        synchronized (this) {
            closed = true;
            c = child;
        }
        if (c != null) {
            stop(c, false);
        }
        if (Files.isDirectory(workDir)) {
            try (Stream<Path> s = Files.walk(workDir)) {
                s.sorted(Comparator.reverseOrder()).filter(p -> !p.startsWith(crashReports)).forEach(ChildEngine::deleteQuietly);
            } catch (IOException e) {
                // nothing the user needs; the folder is autotier's own
            }
        }
    }
}
