package org.autotier.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.autotier.core.cli.RunWorkerProtocol;
import org.autotier.core.worker.WorkerDeath;

/**
 * One analysis process: {@code java -jar autotier.jar run-worker [options of run]}, which loads
 * the models once and auto-tiers one recording per request ({@link RunWorkerProtocol}). It runs
 * outside the executor's JVM so that a native crash in a codec or in PyTorch on a damaged file
 * costs one recording, reported as failed, and not the executor with every task on it.
 */
final class RunWorker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL = 20;

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Path crashReports;
    private long nextId = 1;

    /** The recording could not be auto-tiered because the process itself ended. */
    static final class Died extends IOException {
        Died(String message) {
            super(message);
        }
    }

    private RunWorker(Process process, Path crashReports) {
        this.process = process;
        this.crashReports = crashReports;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread drain = new Thread(this::drainStderr, "autotier-worker-stderr-" + process.pid());
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * Starts a process and waits until its models are loaded.
     *
     * @param threads PyTorch threads (the task's {@code spark.task.cpus})
     * @param gpu the GPU address Spark gave the task, or null
     */
    static RunWorker start(Path app, List<String> javaOptions, List<String> runOptions, int threads, String gpu)
            throws IOException {
        Path crashReports = Files.createDirectories(AppHome.cache().resolveSibling("crash-reports"));
        List<String> jvm = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError",
                "-XX:ErrorFile=" + crashReports.resolve("hs_err_pid%p.log"), "-Dai.djl.offline=true"));
        jvm.addAll(javaOptions);
        List<String> cmd = command(app, jvm);
        cmd.addAll(List.of("--threads", Integer.toString(threads)));
        cmd.addAll(runOptions);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (gpu != null) {
            pb.environment().put("CUDA_VISIBLE_DEVICES", gpu);
        }
        RunWorker w = new RunWorker(pb.start(), crashReports);
        JsonNode first = w.next();
        if (first == null) {
            throw new Died("autotier's analysis process could not start: " + w.cause());
        }
        if (!first.path("event").asText().equals("ready")) {
            w.close();
            throw new IOException("autotier's analysis process could not start: " + first.path("message").asText());
        }
        return w;
    }

    /**
     * {@code java [jvmOptions] -jar autotier.jar run-worker}, from the unpacked application; the
     * options of {@code run-worker} follow.
     */
    static List<String> command(Path app, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Dautotier.home=" + app, "-Dautotier.app.cache=" + AppHome.cache()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", app.resolve("lib/autotier.jar").toString(), RunWorkerProtocol.COMMAND));
        return cmd;
    }

    /**
     * Auto-tiers {@code media} into {@code target} (and its sidecars), as {@code autotier run} does.
     *
     * @return the worker's answer: {@code "event":"done"} with counts, or {@code "failed"} with a message
     * @throws Died when the process ended during the request (the message says why)
     */
    JsonNode run(Path media, Path target) throws IOException {
        long id = nextId++;
        try {
            in.write(JSON.createObjectNode().put("id", id).put("media", media.toString())
                    .put("target", target.toString()) + "\n");
            in.flush();
        } catch (IOException e) {
            // the process is gone: its exit says why
        }
        for (JsonNode m; (m = next()) != null; ) {
            if (m.path("id").asLong() == id) {
                return m;
            }
        }
        throw new Died("autotier's analysis process stopped while working on " + media + ": " + cause());
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The next protocol line, or null at the end of the process's output. */
    private JsonNode next() throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(RunWorkerProtocol.PREFIX)) {
                return JSON.readTree(line.substring(RunWorkerProtocol.PREFIX.length()));
            }
        }
        return null;
    }

    /** Why the process ended: its signal, its crash report's summary, or its last words. */
    private String cause() {
        int exit;
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "the task was interrupted";
        }
        List<String> tail;
        synchronized (stderrTail) {
            tail = new ArrayList<>(stderrTail);
        }
        return WorkerDeath.cause(exit, crashReports.resolve("hs_err_pid" + process.pid() + ".log"), tail,
                "spark.autotier.worker.javaOptions (for example -Xmx4g)");
    }

    /** The process's stderr goes to the executor's log, and its last lines are kept for errors. */
    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                System.err.println("[autotier worker " + process.pid() + "] " + line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Ends the process: the end of its stdin makes it exit after the request in hand. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
