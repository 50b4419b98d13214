package org.autotier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local mode on a small corpus: the GRID clips when ../shared/data is there (else
 * speech synthesized at test time), one audio-only recording and one corrupt file, given as a folder
 * and a CSV manifest. Its EAFs must equal those of {@code autotier run} on the same files, its Parquet
 * tables must hold the EAFs' suggestions, a second run must skip what is done, and a job killed
 * mid-way must resume with no duplicate or half-written output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusJobTest {
    static final Path ROOT = Path.of(System.getProperty("autotier.repo.root", "../"));
    static final Path SHARED = Path.of(System.getProperty("autotier.shared.data", "/nonexistent"));

    @TempDir
    static Path tmp;
    static Path corpus;
    static Path manifest;
    static List<Path> good = new ArrayList<>();
    static Path reference;

    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = Files.createDirectories(tmp.resolve("my corpus")); // a space, as in real users' paths
        Files.createDirectories(corpus.resolve("session 1"));
        good.add(speech(corpus.resolve("session 1/reading.wav"), "Shall we read the story about the bear?", 220));
        byte[] junk = new byte[40_000];
        new Random(7).nextBytes(junk);
        System.arraycopy("\0\0\0\u0018ftypmp42".getBytes(StandardCharsets.ISO_8859_1), 0, junk, 0, 12);
        Files.write(corpus.resolve("broken.mp4"), junk);
        Path grid = SHARED.resolve("av-clips/grid");
        List<Path> listed = new ArrayList<>();
        if (Files.isDirectory(grid)) {
            for (String clip : List.of("bbaf2n.mpg", "brbk7n.mpg", "lbax4n.mpg")) {
                listed.add(grid.resolve(clip).toAbsolutePath().normalize());
            }
        } else {
            Path other = Files.createDirectories(tmp.resolve("elsewhere"));
            listed.add(speech(other.resolve("story.wav"), "Once upon a time there was a little bear.", 180));
            listed.add(speech(other.resolve("question.wav"), "Where did the bear go after breakfast?", 300));
        }
        good.addAll(listed);
        manifest = tmp.resolve("manifest.csv");
        StringBuilder csv = new StringBuilder("id,path\n");
        for (int i = 0; i < listed.size(); i++) {
            csv.append(i).append(",\"").append(listed.get(i)).append("\"\n");
        }
        Files.writeString(manifest, csv);

        // the reference: the application's own `run` on the same files, as a user would run it
        reference = Files.createDirectories(tmp.resolve("reference"));
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-Dautotier.home=" + ROOT, "-jar",
                ROOT.resolve("cnf/target/autotier.jar").toString(), "run", "--out-dir", reference.toString()));
        good.forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
    }

    @Test
    @Order(1)
    void theJobWritesWhatRunWritesAndTablesOfEverySuggestion() throws Exception {
        Path out = tmp.resolve("out");
        Result r = job(corpus.toString(), manifest.toString(), "--out-dir", out.toString(), "--master", "local[2]");
        assertEquals(1, r.exit(), "the corrupt file fails, so the job says so\n" + r);
        assertTrue(r.out().contains("FAILED broken.mp4"), r.toString());
        assertTrue(r.err().contains("spark-submit --class org.autotier.spark.CorpusJob"), r.toString());

        Map<String, Path> eafs = eafs(out.resolve("eaf"));
        assertEquals(good.size(), eafs.size(), "one EAF per good recording: " + eafs.keySet());
        for (Path media : good) {
            String stem = stem(media);
            Path mine = eafs.get(stem);
            Path theirs = reference.resolve(stem + ".eaf");
            assertEquals(normalised(theirs), normalised(mine), stem + ": the EAF differs from `autotier run`'s");
            assertTrue(Files.isRegularFile(mine.resolveSibling(stem + ".autotier.json")), stem);
            assertTrue(Files.isRegularFile(mine.resolveSibling(stem + ".autotier.csv")), stem);
        }

        try (SparkSession spark = reader()) {
            List<Row> recordings = spark.read().parquet(out.resolve("recordings").toString())
                    .select("recording", "status", "error", "audio_only", "segments").collectAsList();
            assertEquals(good.size() + 1, recordings.size());
            Map<String, Row> byName = recordings.stream().collect(Collectors.toMap(x -> x.getString(0), x -> x));
            Row broken = byName.get("broken.mp4");
            assertEquals("failed", broken.getString(1));
            assertTrue(broken.getString(2).contains("broken.mp4"), broken.getString(2));
            assertEquals("done", byName.get("session 1/reading.wav").getString(1));
            assertTrue(byName.get("session 1/reading.wav").getBoolean(3), "a WAV is audio only");
            assertEquals(good.size(), recordings.stream().filter(x -> x.getString(1).equals("done")).count());
            assertSuggestionsMatchEafs(spark, out, eafs);
        }
    }

    @Test
    @Order(2)
    void aSecondRunSkipsWhatIsDone() throws Exception {
        Path out = tmp.resolve("out");
        Map<String, FileTime> before = modified(out.resolve("eaf"));
        Result r = job(corpus.toString(), manifest.toString(), "--out-dir", out.toString(), "--master", "local[2]");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(good.size() + " skipped"), r.toString());
        assertEquals(before, modified(out.resolve("eaf")), "nothing done is written again");
        try (SparkSession spark = reader()) {
            List<Row> recordings = spark.read().parquet(out.resolve("recordings").toString())
                    .select("recording", "status").collectAsList();
            assertEquals(good.size() + 1, recordings.size());
            assertEquals(good.size(), recordings.stream().filter(x -> x.getString(1).equals("skipped")).count());
            assertSuggestionsMatchEafs(spark, out, eafs(out.resolve("eaf")));
        }
    }

    @Test
    @Order(3)
    void aKilledJobResumesWithNoDuplicateOrHalfWrittenOutput() throws Exception {
        Path out = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(List.of(resource("/jvm.options").trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CorpusJob.class.getName(), corpus.toString(),
                manifest.toString(), "--out-dir", out.toString(), "--master", "local[1]"));
        Process job = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
        // killed as soon as the first recording is complete: the next is under way
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (markers(out).isEmpty() && job.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(job.isAlive(), "the job ended before it could be killed: " + Files.readString(tmp.resolve("killed.log")));
        List<ProcessHandle> workers = job.descendants().toList();
        assertFalse(workers.isEmpty(), "the analysis process runs beside the job");
        job.destroyForcibly().waitFor();
        for (ProcessHandle w : workers) {
            w.onExit().get(20, TimeUnit.SECONDS); // an analysis process stops when its executor is gone
        }
        int doneBeforeKill = markers(out).size();
        assertTrue(doneBeforeKill >= 1 && doneBeforeKill < good.size(), "killed mid-way: " + doneBeforeKill);

        Result r = job(corpus.toString(), manifest.toString(), "--out-dir", out.toString(), "--master", "local[2]");
        assertEquals(1, r.exit(), r.toString());
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> leftovers = s.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().equals("_staging")).toList();
            assertEquals(List.of(), leftovers, "temporary files left behind");
        }
        try (SparkSession spark = reader()) {
            List<Row> recordings = spark.read().parquet(out.resolve("recordings").toString())
                    .select("recording", "status").collectAsList();
            assertEquals(good.size() + 1, recordings.size(), "one row per recording");
            assertEquals(good.size() + 1, recordings.stream().map(x -> x.getString(0)).distinct().count());
            assertEquals(doneBeforeKill, recordings.stream().filter(x -> x.getString(1).equals("skipped")).count());
            assertEquals(good.size() - doneBeforeKill,
                    recordings.stream().filter(x -> x.getString(1).equals("done")).count());
            Map<String, Path> eafs = eafs(out.resolve("eaf"));
            assertEquals(good.size(), eafs.size());
            assertSuggestionsMatchEafs(spark, out, eafs);
        }
    }

    @Test
    @Order(4)
    void badOptionsAndMissingInputsAreRefusedWithTheCause() throws Exception {
        Result bogus = job(corpus.toString(), "--out-dir", tmp.resolve("x").toString(), "--no-such-option");
        assertEquals(2, bogus.exit(), bogus.toString());
        assertTrue(bogus.err().contains("--no-such-option"), bogus.toString());
        Result model = job(corpus.toString(), "--out-dir", tmp.resolve("x").toString(), "--model",
                tmp.resolve("no-model").toString());
        assertEquals(2, model.exit(), model.toString());
        assertTrue(model.err().contains("no-model: not an autotier model"), model.toString());
        Result missing = job(tmp.resolve("nowhere").toString(), "--out-dir", tmp.resolve("x").toString(),
                "--master", "local[1]");
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("nowhere: no such file or folder"), missing.toString());
    }

    @Test
    @Order(5)
    void throughAStagingFolderAsForHdfsAReviewersCorrectionIsKept() throws Exception {
        // the EAF a reviewer already corrected sits where the job will write
        Path out = tmp.resolve("staged");
        Path eaf = Files.createDirectories(out.resolve("eaf/session 1")).resolve("reading.eaf");
        var doc = EafReader.read(reference.resolve("reading.eaf"));
        SuggestionTiers.Placed first = SuggestionTiers.readPlaced(doc).get(0);
        String label = first.suggestion().label();
        String corrected = first.suggestion().distribution().labels().stream().filter(l -> !l.equals(label))
                .findFirst().orElseThrow();
        org.autotier.model.eaf.io.EafWriter.write(SuggestionTiers.review(doc, first, ReviewState.CORRECTED, corrected),
                eaf);
        System.setProperty("spark.autotier.stageOutputs", "true");
        Result r;
        try {
            r = job(corpus.toString(), "--out-dir", out.toString(), "--master", "local[1]", "--overwrite");
        } finally {
            System.clearProperty("spark.autotier.stageOutputs");
        }
        assertEquals(1, r.exit(), r.toString());
        List<Suggestion> after = SuggestionTiers.read(EafReader.read(eaf));
        Suggestion kept = after.stream().filter(x -> x.segment().equals(first.suggestion().segment())).findFirst()
                .orElseThrow();
        assertEquals(corrected, kept.label(), "the reviewer's label stays");
        assertEquals(ReviewState.CORRECTED, kept.review());
        assertTrue(Files.isRegularFile(eaf.resolveSibling("reading.autotier.json")));
        try (Stream<Path> files = Files.list(eaf.getParent())) {
            List<String> names = files.map(x -> x.getFileName().toString()).sorted().toList();
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".crc") || n.endsWith(".tmp")), names.toString());
        }
    }

    @Test
    @Order(6)
    void aNativeCrashCostsOneRecordingNotTheJob() throws Exception {
        // a test-only property makes the analysis process segfault in native code on this recording
        Path out = tmp.resolve("crash");
        System.setProperty("spark.autotier.worker.javaOptions", "-Dautotier.worker.test.crashOnMedia=reading");
        Result r;
        try {
            r = job(corpus.toString(), "--out-dir", out.toString(), "--master", "local[1]");
        } finally {
            System.clearProperty("spark.autotier.worker.javaOptions");
        }
        assertEquals(1, r.exit(), r.toString());
        try (SparkSession spark = reader()) {
            List<Row> rows = spark.read().parquet(out.resolve("recordings").toString())
                    .select("recording", "status", "error").collectAsList();
            assertEquals(2, rows.size(), "the job finished with a row for each recording");
            Row crashed = rows.stream().filter(x -> x.getString(0).equals("session 1/reading.wav")).findFirst()
                    .orElseThrow();
            assertEquals("failed", crashed.getString(1));
            assertTrue(crashed.getString(2).contains("reading.wav") && crashed.getString(2).contains("SIGSEGV"),
                    crashed.getString(2));
        }
    }

    /** Every EAF's suggestions, and no others, are rows of the suggestions table (read with Spark SQL). */
    private static void assertSuggestionsMatchEafs(SparkSession spark, Path out, Map<String, Path> eafs)
            throws Exception {
        spark.read().parquet(out.resolve("suggestions").toString()).createOrReplaceTempView("suggestions");
        List<Row> rows = spark.sql("SELECT eaf, start_ms, end_ms, label, confidence, flags, distribution, model "
                + "FROM suggestions ORDER BY eaf, start_ms").collectAsList();
        int total = 0;
        for (Path eaf : eafs.values()) {
            List<Suggestion> inEaf = new ArrayList<>(SuggestionTiers.read(EafReader.read(eaf)));
            inEaf.sort(Comparator.comparingLong(x -> x.segment().startMs()));
            List<Row> mine = rows.stream().filter(x -> Path.of(x.getString(0)).equals(eaf)).toList();
            assertEquals(inEaf.size(), mine.size(), eaf + ": rows per suggestion");
            for (int i = 0; i < inEaf.size(); i++) {
                Suggestion s = inEaf.get(i);
                Row row = mine.get(i);
                assertEquals(s.segment().startMs(), row.getLong(1));
                assertEquals(s.segment().endMs(), row.getLong(2));
                assertEquals(s.label(), row.getString(3));
                assertEquals(s.confidence(), row.getDouble(4), 0.0051, "the EAF rounds the confidence");
                assertEquals(s.flags().stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                        new TreeSet<>(row.getList(5)));
                assertEquals(s.label(), bestOf(row.getJavaMap(6)), "the distribution's top label");
                assertTrue(row.getString(7).startsWith("emotion-audio"), row.getString(7));
            }
            total += inEaf.size();
        }
        assertEquals(total, rows.size(), "no rows beyond the EAFs' suggestions");
        assertTrue(total > 0, "the corpus gave suggestions");
    }

    private static String bestOf(Map<String, Double> distribution) {
        return distribution.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private static Result job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CorpusJob.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private static SparkSession reader() {
        return SparkSession.builder().appName("autotier-test").master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    /** EAF files by stem under a folder. */
    private static Map<String, Path> eafs(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".eaf")).collect(Collectors.toMap(p -> stem(p), p -> p));
        }
    }

    private static Map<String, FileTime> modified(Path dir) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    private static Set<Path> markers(Path out) throws IOException {
        Path done = out.resolve("done");
        if (!Files.isDirectory(done)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(done)) {
            return s.filter(p -> p.toString().endsWith(".eaf.json")).collect(Collectors.toSet());
        }
    }

    /**
     * The EAF as text, without what differs between two runs into two folders: the creation date,
     * and links to the sidecars and the media relative to where the EAF is.
     */
    private static String normalised(Path eaf) throws IOException {
        return Files.readString(eaf)
                .replaceAll("DATE=\"[^\"]*\"", "")
                .replaceAll("RELATIVE_MEDIA_URL=\"[^\"]*\"", "")
                .replaceAll("RELATIVE_LINK_URL=\"[^\"]*\"", "")
                .replaceAll("LINK_URL=\"[^\"]*\"", "");
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CorpusJobTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Speech from espeak-ng (.ci/run installs it), else a voiced tone with pauses, as 16 kHz mono WAV. */
    static Path speech(Path wav, String text, double pitchHz) throws Exception {
        try {
            Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "-s", "150", text).redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0 && Files.size(wav) > 1000) {
                return wav;
            }
        } catch (IOException notInstalled) {
            // the tone below
        }
        int rate = 16_000;
        byte[] pcm = new byte[rate * 4 * 2];
        for (int i = 0; i < rate * 4; i++) {
            double t = (double) i / rate;
            boolean voiced = (int) (t * 2) % 3 != 2;
            short v = (short) (voiced ? 6000 * Math.sin(2 * Math.PI * pitchHz * t) * (1 + 0.5 * Math.sin(2 * Math.PI * 4 * t))
                    / 1.5 : 0);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), f, pcm.length / 2)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
        }
        return wav;
    }
}
