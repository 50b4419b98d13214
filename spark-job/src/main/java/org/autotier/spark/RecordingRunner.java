package org.autotier.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;

/**
 * One task's work on one recording, on an executor: skip it when an earlier run completed it, else
 * auto-tier it in a warm analysis process and return its row. Never throws: a recording that fails
 * is a row with its error, and the job goes on.
 *
 * <p>Outputs land as {@code autotier run --out-dir} writes them: the EAF and its sidecars under
 * {@code eaf/}, each atomically, the EAF last; an EAF already there (a human's) is merged into,
 * keeping every tier and every accepted or corrected segment. Only then is the recording's marker
 * written under {@code done/}: a recording is complete when its marker, its EAF and its JSON
 * sidecar exist. A job killed at any point leaves at most temporary files, which the next run of
 * that recording removes.
 */
final class RecordingRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordingRunner() {
    }

    static Row process(RecordingTask task, JobSettings s) {
        long t0 = System.nanoTime();
        Configuration conf = hadoop(s.hadoop());
        Path out = new Path(s.outDir());
        Path eaf = new Path(out, "eaf/" + task.eafName());
        try {
            FileSystem fs = out.getFileSystem(conf);
            eaf = fs.makeQualified(eaf);
            Path json = sidecar(eaf, "json");
            Path marker = new Path(fs.makeQualified(out), "done/" + task.eafName() + ".json");
            if (!s.overwrite() && fs.exists(marker) && fs.exists(eaf) && fs.exists(json)) {
                return Tables.complete(task, eaf.toString(), Tables.SKIPPED, read(fs, marker), read(fs, json));
            }
            fs.delete(marker, false);
            JsonNode answer = analyse(task, s, conf, fs, eaf);
            if (!answer.path("event").asText().equals("done")) {
                return Tables.failed(task, eaf.toString(), answer.path("message").asText(), seconds(t0));
            }
            ObjectNode done = JSON.createObjectNode().put("recording", task.recording()).put("media", task.media())
                    .put("eaf", eaf.toString()).put("durationMs", answer.path("durationMs").asLong())
                    .put("segments", answer.path("segments").asInt()).put("flagged", answer.path("flagged").asInt())
                    .put("audioOnly", answer.path("audioOnly").asBoolean()).put("seconds", seconds(t0))
                    .put("finished", Instant.now().toString());
            write(fs, conf, marker, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(done));
            return Tables.complete(task, eaf.toString(), Tables.DONE, done, read(fs, json));
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            return Tables.failed(task, eaf.toString(), m.contains(task.recording()) || m.contains(task.media()) ? m
                    : Tables.display(task.media()) + ": " + m, seconds(t0));
        }
    }

    /**
     * Runs the analysis process on the recording. Local output is written in place; any other file
     * system's goes through a local staging folder (with the EAF already there, so it is merged into)
     * and is uploaded, EAF last.
     */
    private static JsonNode analyse(RecordingTask task, JobSettings s, Configuration conf, FileSystem fs, Path eaf)
            throws IOException {
        boolean inPlace = "file".equals(fs.getScheme()) && !s.stageOutputs();
        java.nio.file.Path staging = null;
        try {
            Path mediaPath = new Path(task.media());
            FileSystem mediaFs = mediaPath.getFileSystem(conf);
            java.nio.file.Path media;
            if ("file".equals(mediaFs.getScheme())) {
                media = local(mediaFs.makeQualified(mediaPath));
            } else {
                staging = Files.createTempDirectory("autotier-task-");
                media = staging.resolve("media").resolve(mediaPath.getName());
                Files.createDirectories(media.getParent());
                try (InputStream in = mediaFs.open(mediaPath)) {
                    Files.copy(in, media);
                }
            }
            java.nio.file.Path target;
            if (inPlace) {
                target = local(eaf);
                Files.createDirectories(target.getParent());
                removeLeftovers(target);
            } else {
                if (staging == null) {
                    staging = Files.createTempDirectory("autotier-task-");
                }
                target = staging.resolve("out").resolve(eaf.getName());
                Files.createDirectories(target.getParent());
                if (fs.exists(eaf)) {
                    try (InputStream in = fs.open(eaf)) {
                        Files.copy(in, target);
                    }
                }
            }
            JsonNode answer = inWorker(s, media, target);
            if (!inPlace && answer.path("event").asText().equals("done")) {
                upload(fs, conf, target, eaf);
            }
            return answer;
        } finally {
            if (staging != null) {
                try {
                    AppHome.deleteTree(staging);
                } catch (IOException e) {
                    // a temporary folder; the OS cleans it up eventually
                }
            }
        }
    }

    private static JsonNode inWorker(JobSettings s, java.nio.file.Path media, java.nio.file.Path target)
            throws IOException {
        TaskContext tc = TaskContext.get();
        int threads = tc == null ? 1 : Math.max(1, tc.cpus());
        String gpu = null;
        if (tc != null) {
            ResourceInformation r = tc.resourcesJMap().get("gpu");
            if (r != null && r.addresses().length > 0) {
                gpu = String.join(",", r.addresses());
            }
        }
        RunWorker w = WorkerPool.borrow(s, threads, gpu);
        try {
            return w.run(media, target);
        } finally {
            WorkerPool.release(s, threads, gpu, w);
        }
    }

    /** The staged sidecars (and backup), then the EAF, each to a temporary name and renamed over. */
    private static void upload(FileSystem fs, Configuration conf, java.nio.file.Path target, Path eaf)
            throws IOException {
        String stem = stem(eaf.getName());
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> s = Files.list(target.getParent())) {
            files = s.filter(p -> p.getFileName().toString().startsWith(stem + ".")).sorted(
                    Comparator.comparing((java.nio.file.Path p) -> p.equals(target)).thenComparing(p -> p)).toList();
        }
        for (java.nio.file.Path f : files) {
            write(fs, conf, new Path(eaf.getParent(), f.getFileName().toString()), Files.readAllBytes(f));
        }
    }

    /** Writes {@code bytes} to {@code to} atomically (where the file system renames atomically). */
    private static void write(FileSystem fs, Configuration conf, Path to, byte[] bytes) throws IOException {
        if ("file".equals(fs.getScheme())) {
            // java.nio, not Hadoop's local file system, which leaves .crc files beside every file
            java.nio.file.Path file = local(to);
            Files.createDirectories(file.getParent());
            java.nio.file.Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return;
        }
        Path tmp = new Path(to.getParent(), "." + to.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(bytes);
        }
        FileContext.getFileContext(to.toUri(), conf).rename(tmp, to, Options.Rename.OVERWRITE);
    }

    /**
     * The temporary files a killed run may have left beside this recording's EAF (autotier writes
     * {@code .NAME.RANDOM.tmp} and renames it): removed before the recording is done again.
     */
    static void removeLeftovers(java.nio.file.Path eaf) throws IOException {
        String stem = stem(eaf.getFileName().toString());
        Pattern leftover = Pattern.compile("\\.(" + Pattern.quote(stem + ".eaf") + "|" + Pattern.quote(stem + ".autotier.json")
                + "|" + Pattern.quote(stem + ".autotier.csv") + ")\\.[0-9a-z-]+\\.tmp|\\." + Pattern.quote(stem + ".eaf.bak")
                + "\\.tmp");
        try (Stream<java.nio.file.Path> s = Files.list(eaf.getParent())) {
            for (java.nio.file.Path p : s.toList()) {
                if (leftover.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Path sidecar(Path eaf, String extension) {
        return new Path(eaf.getParent(), stem(eaf.getName()) + ".autotier." + extension);
    }

    private static String stem(String eafName) {
        return eafName.toLowerCase(java.util.Locale.ROOT).endsWith(".eaf") ? eafName.substring(0, eafName.length() - 4)
                : eafName;
    }

    private static JsonNode read(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException(p + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static java.nio.file.Path local(Path p) {
        return java.nio.file.Path.of(p.toUri());
    }

    static Configuration hadoop(Map<String, String> settings) {
        Configuration c = new Configuration(false);
        settings.forEach(c::set);
        return c;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

}
