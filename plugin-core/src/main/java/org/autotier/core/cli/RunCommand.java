package org.autotier.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.autotier.core.media.MimeTypes;
import org.autotier.core.suggest.AutoSuggester;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code autotier run MEDIA...}: segments, emotion suggestions, confidences and flags, into EAF. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Auto-tier recordings: find where someone speaks with their face in view, suggest an emotion",
            "for each segment with a calibrated confidence and review flags, and write EAF tiers autotier-emotion,",
            "-confidence, -flags, -review and -distribution, plus NAME.autotier.json and an ELAN time series",
            "NAME.autotier.csv. Existing tiers stay exactly as they are; segments a human accepted or corrected",
            "are never overwritten. Several files or folders: each is processed, failures are reported, and a",
            "summary table ends the run (exit 1 if any file failed)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MEDIA", arity = "1..*", description = "recordings, or folders of recordings")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.eaf", description = "EAF to write (one recording only)")
    Path output;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "write NAME.eaf for each recording here")
    Path outDir;

    @Option(names = "--into", paramLabel = "EXISTING.eaf",
            description = "add to this EAF, keeping every other tier (one recording only)")
    Path into;

    @Option(names = "--human-tier", paramLabel = "TIER",
            description = "a human emotion tier of the --into EAF (repeat per annotator): HUMAN_DISAGREEMENT and kappa")
    List<String> humanTiers = new ArrayList<>();

    @Mixin
    SegmentOptions segment = new SegmentOptions();

    @Mixin
    SuggestOptions suggest = new SuggestOptions();

    /** One row of the summary table. */
    private record Row(Path media, int segments, long flagged, double seconds, String status) {
    }

    @picocli.CommandLine.Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Option(names = "--jobs", paramLabel = "N",
            description = "recordings of a batch analysed at once, sharing the loaded models, with the cores split "
                    + "between them unless --threads is given (default: the cores, at most 4, for a batch of small "
                    + "files such as short clips; else 1)")
    Integer jobs;

    @Option(names = "--stall-seconds", paramLabel = "S",
            description = "give up on a recording whose analysis makes no progress for this long (a decoder stuck on "
                    + "damaged media), name it and go on with the batch (default: ${DEFAULT-VALUE})")
    long stallSeconds = StallGuard.DEFAULT_STALL_S;

    /** Files up to this size are short clips, where start-up per recording dominates and overlapping pays. */
    static final long SMALL_FILE_BYTES = 16L << 20;

    /**
     * {@code --jobs}, or by default: one recording at a time, with progress bars, unless the batch is
     * of several small files, where one thread per recording on each core is faster
     * (docs/benchmarks.md, "Speed") and memory is no concern.
     */
    static int jobsFor(Integer requested, List<Path> media, int cores) {
        if (requested != null) {
            return requested;
        }
        if (media.size() < 4) {
            return 1;
        }
        for (Path m : media) {
            try {
                if (Files.size(m) > SMALL_FILE_BYTES) {
                    return 1;
                }
            } catch (IOException e) {
                // unreadable: its own row will say why; it does not decide the batch
            }
        }
        return Math.max(1, Math.min(cores, 4));
    }

    @Override
    public Integer call() throws Exception {
        threadOptions.apply(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.Map<Path, Path> relative = new java.util.LinkedHashMap<>();
        List<Path> media = expand(inputs, relative);
        if (media.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no recordings found in " + inputs);
        }
        if (jobs != null && jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs must be at least 1, not " + jobs);
        }
        int jobs = jobsFor(this.jobs, media, Runtime.getRuntime().availableProcessors());
        // docs/benchmarks.md, "Speed": two at once with one PyTorch thread each beats two threads each
        org.autotier.core.fusion.Djl.shareCores(jobs);
        if (media.size() > 1 && (output != null || into != null)) {
            throw new ParameterException(spec.commandLine(), "-o and --into take one recording; use --out-dir for "
                    + media.size());
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        // before the models load and hours of analysis: every folder we will write in takes a file
        java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
        for (Path m : media) {
            Path parent = outDir != null ? outDir : targetOf(m, relative).toAbsolutePath().getParent();
            folders.add(parent);
        }
        for (Path folder : folders) {
            org.autotier.model.eaf.io.AtomicFiles.checkWritable(folder);
        }
        if (stallSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--stall-seconds must be positive, not " + stallSeconds);
        }
        List<Row> rows = new ArrayList<>();
        double wallSeconds;
        StallGuard guard = new StallGuard(TimeUnit.SECONDS.toMillis(stallSeconds));
        LoadedSuggester loaded;
        try {
            // loaded on the thread that analyses the recordings one at a time (StallGuard.prepare)
            loaded = guard.prepare(() -> LoadedSuggester.open(segment, suggest, err));
        } catch (Exception | Error e) {
            guard.close();
            throw e;
        }
        try {
            AutoSuggester suggester = loaded.suggester();
            long loop0 = System.nanoTime();
            if (jobs == 1 || media.size() == 1) {
                for (Path m : media) {
                    rows.add(runOne(suggester, guard, m, relative, media.size() == 1,
                            ProgressBar.forConsole(err, m.getFileName().toString()), out, err));
                }
            } else {
                // several recordings at once, each on a thread of its own, sharing the loaded models
                // (ONNX Runtime sessions and PyTorch inference are thread-safe); per-file progress
                // bars would interleave, so only the result lines are printed
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
                try {
                    List<java.util.concurrent.Future<Row>> pending = new ArrayList<>();
                    for (Path m : media) {
                        pending.add(pool.submit(() -> runOne(suggester, guard, m, relative, false, f -> { }, out, err)));
                    }
                    for (java.util.concurrent.Future<Row> f : pending) {
                        try {
                            rows.add(f.get());
                        } catch (java.util.concurrent.ExecutionException e) {
                            // what escaped runOne (an Error such as OutOfMemoryError) ends the batch
                            // as it would one at a time, as itself rather than wrapped
                            if (e.getCause() instanceof Error x) {
                                throw x;
                            }
                            throw (Exception) e.getCause();
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            wallSeconds = (System.nanoTime() - loop0) / 1e9;
        } finally {
            // an analysis given up on may still be inside the models: they are not freed under it
            if (guard.abandoned() == 0) {
                loaded.close();
            }
            guard.close();
        }
        if (media.size() > 1) {
            printSummary(out, rows, wallSeconds);
        }
        return rows.stream().allMatch(r -> r.status().equals("ok")) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One recording: its outputs written, its line printed; a failure is a row unless it is the only recording. */
    private Row runOne(AutoSuggester suggester, StallGuard guard, Path m, java.util.Map<Path, Path> relative,
            boolean alone,
            java.util.function.DoubleConsumer progress, PrintWriter out, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        Path target = targetOf(m, relative);
        try {
            if (outDir != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            AutoSuggester.Outcome o = guard.run(m, progress, p -> suggester.run(m, target, into, humanTiers, p));
            double s = (System.nanoTime() - t0) / 1e9;
            Row row = new Row(m, o.written().size(), o.flagged(), s, "ok");
            synchronized (out) {
                out.printf(Locale.ROOT, "%s -> %s: %d segment(s), %d flagged%s in %.1f s%n", m, target,
                        o.written().size(), row.flagged(), o.result().segmentation().audioOnly() ? " (audio only)" : "", s);
                if (o.agreement() != null) {
                    out.printf("%s: human agreement %s%n", m, o.agreement().describe());
                }
                out.flush();
            }
            return row;
        } catch (IOException | RuntimeException e) {
            if (alone) {
                throw e;
            }
            synchronized (err) {
                err.println("autotier: " + Messages.describe(e));
                err.flush();
            }
            return new Row(m, 0, 0, (System.nanoTime() - t0) / 1e9, "FAILED: " + Messages.describe(e));
        }
    }

    /** Where the EAF of recording {@code m} goes. */
    private Path targetOf(Path m, java.util.Map<Path, Path> relative) {
        return output != null ? output : into != null ? into
                : outDir != null ? outDir.resolve(relative.get(m)).resolveSibling(
                        SegmentCommand.defaultOutput(m).getFileName())
                : SegmentCommand.defaultOutput(m);
    }

    /** The table, and the batch's rate over its wall time after start-up (recordings overlap with --jobs). */
    private static void printSummary(PrintWriter out, List<Row> rows, double wallSeconds) {
        int w = Math.max(4, rows.stream().mapToInt(r -> r.media().toString().length()).max().orElse(4));
        String fmt = "%-" + w + "s  %8s  %7s  %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "file", "segments", "flagged", "time", "status");
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.media(), r.segments(), r.flagged(),
                    String.format(Locale.ROOT, "%.1f s", r.seconds()), r.status());
        }
        long failed = rows.stream().filter(r -> !r.status().equals("ok")).count();
        out.printf(Locale.ROOT, "%d recording(s), %d failed; %.1f s after start-up, %.1f recordings/s%n", rows.size(), failed,
                wallSeconds, rows.size() / Math.max(wallSeconds, 1e-9));
    }

    /** Files as given; folders expanded to the recordings inside them and their sub-folders, sorted. */
    static List<Path> expand(List<Path> inputs) throws IOException {
        return expand(inputs, new java.util.HashMap<>());
    }

    /**
     * As {@link #expand(List)}, and each recording's path relative to the folder it was found in
     * (its file name for files given directly), so --out-dir keeps a corpus's sub-folders apart:
     * {@code angry/01.wav} and {@code sad/01.wav} become {@code OUT/angry/01.eaf} and {@code OUT/sad/01.eaf}.
     */
    static List<Path> expand(List<Path> inputs, java.util.Map<Path, Path> relative) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path m : s.filter(Files::isRegularFile).filter(MimeTypes::isMedia).sorted().toList()) {
                        out.add(m);
                        relative.put(m, p.relativize(m));
                    }
                }
            } else {
                out.add(p);
                relative.put(p, p.getFileName());
            }
        }
        return out;
    }
}
