package org.autotier.core.media.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Media fuzzing (docs/reliability.md): damaged copies of small recordings go through the decoder
 * and `segment` in a child JVM ({@link MediaFuzzWorker}), so that a native crash is counted
 * against the file that caused it instead of ending the campaign. A file that gets no answer
 * within the watchdog's time is a hang; the child is killed and a new one started.
 *
 * <p>Usage (the test classpath; docs/reliability.md has the command):
 * {@code MediaFuzzCampaign WORK_DIR MUTANTS_PER_SEED [SEED]} writes its seed recordings and their
 * mutants under WORK_DIR and prints the report.
 */
public final class MediaFuzzCampaign {

    /** What happened to one damaged file. */
    public enum Outcome { OK, ERROR, CRASH, HANG }

    public record Result(Path file, String format, MediaMutator.Kind kind, Outcome outcome, String detail) {
    }

    private final Path work;
    private final long watchdogMs;
    private Process child;
    private PrintWriter toChild;
    private BlockingQueue<String> fromChild;

    public MediaFuzzCampaign(Path work, long watchdogMs) {
        this.work = work;
        this.watchdogMs = watchdogMs;
    }

    /** Mutates every seed {@code perSeed} times and runs each mutant; the results in order. */
    public List<Result> run(List<Path> seeds, int perSeed, long randomSeed) throws IOException, InterruptedException {
        Random r = new Random(randomSeed);
        MediaMutator.Kind[] kinds = MediaMutator.Kind.values();
        List<Result> out = new ArrayList<>();
        Path mutants = Files.createDirectories(work.resolve("mutants"));
        try {
            for (Path seed : seeds) {
                byte[] original = Files.readAllBytes(seed);
                String name = seed.getFileName().toString();
                String format = name.substring(name.lastIndexOf('.') + 1);
                for (int i = 0; i < perSeed; i++) {
                    MediaMutator.Kind kind = kinds[i % kinds.length];
                    Path f = mutants.resolve(String.format(Locale.ROOT, "%s-%05d-%s.%s",
                            name.substring(0, name.lastIndexOf('.')), i, kind.name().toLowerCase(Locale.ROOT), format));
                    Files.write(f, MediaMutator.mutate(original, kind, r));
                    Result res = runOne(f, format, kind);
                    out.add(res);
                    if (res.outcome() == Outcome.OK || res.outcome() == Outcome.ERROR) {
                        Files.delete(f); // keep only what crashed or hung, to reproduce it
                    }
                }
            }
        } finally {
            stopChild();
        }
        return out;
    }

    private Result runOne(Path f, String format, MediaMutator.Kind kind) throws IOException, InterruptedException {
        if (child == null || !child.isAlive()) {
            startChild();
        }
        toChild.println(f.toAbsolutePath());
        toChild.flush();
        String answer = fromChild.poll(watchdogMs, TimeUnit.MILLISECONDS);
        if (answer == null) {
            if (child.isAlive()) {
                stopChild();
                return new Result(f, format, kind, Outcome.HANG, "no answer within " + watchdogMs + " ms");
            }
            int code = child.waitFor();
            stopChild();
            return new Result(f, format, kind, Outcome.CRASH, "child exited with " + code
                    + (code > 128 ? " (signal " + (code - 128) + ")" : ""));
        }
        if (answer.startsWith("EXIT ")) {
            stopChild();
            return new Result(f, format, kind, Outcome.CRASH, "child exited with " + answer.substring(5));
        }
        return answer.startsWith("OK") ? new Result(f, format, kind, Outcome.OK, answer.substring(3))
                : new Result(f, format, kind, Outcome.ERROR, answer.substring(6));
    }

    private void startChild() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + work.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("autotier.home", "ai.djl.offline")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add(MediaFuzzWorker.class.getName());
        child = new ProcessBuilder(cmd).redirectError(work.resolve("worker-stderr.log").toFile()).start();
        toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        fromChild = new ArrayBlockingQueue<>(16);
        Process mine = child;
        BlockingQueue<String> queue = fromChild;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(mine.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    queue.put(line);
                }
                queue.put("EXIT " + mine.waitFor());
            } catch (IOException | InterruptedException e) {
                // the child was stopped
            }
        }, "media-fuzz-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = fromChild.poll(120, TimeUnit.SECONDS);
        if (!"READY".equals(ready)) {
            Path log = work.resolve("worker-stderr.log");
            String tail = Files.readString(log);
            throw new IOException("the fuzzing worker did not start (" + ready + "); " + log + " ends with: "
                    + tail.substring(Math.max(0, tail.length() - 2000)));
        }
    }

    private void stopChild() {
        if (child != null) {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child = null;
        }
    }

    /** Per format and outcome, how many files; then every crash and hang. */
    public static String report(List<Result> results) {
        Map<String, int[]> byFormat = new TreeMap<>();
        for (Result r : results) {
            byFormat.computeIfAbsent(r.format(), k -> new int[Outcome.values().length])[r.outcome().ordinal()]++;
        }
        StringBuilder sb = new StringBuilder("| format | files | decoded/segmented | clear error | crash | hang |\n"
                + "|---|---|---|---|---|---|\n");
        int[] total = new int[Outcome.values().length];
        byFormat.forEach((f, c) -> {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", f, c[0] + c[1] + c[2] + c[3],
                    c[0], c[1], c[2], c[3]));
            for (int i = 0; i < c.length; i++) {
                total[i] += c[i];
            }
        });
        sb.append(String.format(Locale.ROOT, "| all | %d | %d | %d | %d | %d |%n", results.size(), total[0], total[1],
                total[2], total[3]));
        results.stream().filter(r -> r.outcome() == Outcome.CRASH || r.outcome() == Outcome.HANG)
                .forEach(r -> sb.append(r.outcome()).append(' ').append(r.file()).append(": ").append(r.detail())
                        .append('\n'));
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        int perSeed = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        List<Path> seeds = FuzzSeeds.write(Files.createDirectories(work.resolve("seeds")));
        long t0 = System.nanoTime();
        List<Result> results = new MediaFuzzCampaign(work, 30_000).run(seeds, perSeed, seed);
        System.out.print(report(results));
        Map<String, Integer> errors = new TreeMap<>();
        for (Result r : results) {
            if (r.outcome() == Outcome.ERROR) {
                errors.merge(r.detail().replaceAll("/[^ :]*", "FILE").replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        System.out.println("\nmost common errors:");
        errors.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(e -> System.out.println(e.getValue() + "  " + e.getKey()));
        System.out.printf(Locale.ROOT, "%n%d files in %.0f s%n", results.size(), (System.nanoTime() - t0) / 1e9);
    }
}
