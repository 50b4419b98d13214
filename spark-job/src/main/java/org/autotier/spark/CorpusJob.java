package org.autotier.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.autotier.core.cli.RunWorkerProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code autotier spark INPUT... --out-dir DIR [--master URL] [--overwrite] [options of run]}: auto-tiers a
 * corpus as a Spark application, one task per recording, and leaves {@code eaf/} (what
 * {@code autotier run} writes, per recording) and the Parquet tables {@code recordings/} and
 * {@code suggestions/} in DIR. The entry point for {@code ./autotier spark} and for
 * {@code spark-submit --class org.autotier.spark.CorpusJob autotier-spark.jar}.
 */
@Command(name = "autotier spark", mixinStandardHelpOptions = true, version = "autotier Spark job",
        customSynopsis = "autotier spark INPUT... --out-dir DIR [--master URL] [--overwrite] [options of autotier run]",
        description = {"Auto-tier a corpus on Apache Spark. INPUT: recordings, folders (searched recursively) or",
            "manifests (.txt/.lst: one path per line; .csv: a column 'path'), on any file system Spark reads.",
            "Writes DIR/eaf/ (EAF + sidecars, as `autotier run` does), DIR/recordings/ and DIR/suggestions/ (Parquet).",
            "Recordings done by an earlier run are skipped unless --overwrite; a failed one is a row with its error.",
            "Every option of `autotier run` (thresholds, --model, --device ...) is passed on."})
public final class CorpusJob implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "output folder (any Hadoop file system)")
    String outDir;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master; default: spark.master when spark-submit set it, else local[*]")
    String master;

    @Option(names = "--overwrite", description = "auto-tier again recordings whose outputs are complete "
            + "(an EAF is still merged into, so reviewed segments are kept)")
    boolean overwrite;

    /** Recordings and the options of run, in the order given; the analysis process tells them apart. */
    @Unmatched
    List<String> rest = new ArrayList<>();

    private final String[] originalArgs;

    private CorpusJob(String[] args) {
        this.originalArgs = args.clone();
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; 0 when every recording succeeded, 1 when any failed, 2 on a usage error. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CorpusJob(args));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            err.println("autotier spark: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the options of run are checked, with the model, by the analysis process itself, while
        // Spark starts: a mistake is reported before hours of work begin
        CompletableFuture<JsonNode> checked = CompletableFuture.supplyAsync(() -> {
            try {
                return checkRunOptions(rest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        });
        SparkConf conf = new SparkConf();
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName("autotier").master(m);
        if (m.startsWith("local")) {
            // one machine: nothing listens beyond loopback, and no web UI
            builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        try (SparkSession spark = builder.getOrCreate()) {
            JsonNode split;
            try {
                split = checked.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : (Exception) e.getCause();
            }
            List<String> inputs = new ArrayList<>();
            split.path("inputs").forEach(n -> inputs.add(n.asText()));
            List<String> runOptions = new ArrayList<>();
            split.path("options").forEach(n -> runOptions.add(n.asText()));
            int threads = runOptions.indexOf("--threads");
            if (threads >= 0) {
                // each analysis process gets spark.task.cpus threads, as Spark schedules them
                runOptions.subList(threads, threads + 2).clear();
                err.println("autotier spark: --threads is ignored: each recording's analysis uses spark.task.cpus threads");
            }
            if (inputs.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give at least one recording, folder or manifest");
            }
            err.println("autotier spark: on a cluster, the same job is: " + submitLine(m));
            err.flush();
            return run(spark, inputs, runOptions, out);
        }
    }

    private int run(SparkSession spark, List<String> inputs, List<String> runOptions, PrintWriter out)
            throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<RecordingTask> tasks = Recordings.list(inputs, hadoop);
        org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(outDir);
        FileSystem fs = outPath.getFileSystem(hadoop);
        String qualifiedOut = fs.makeQualified(outPath).toString();
        fs.mkdirs(outPath);
        Map<String, String> settings = new LinkedHashMap<>();
        hadoop.forEach(e -> settings.put(e.getKey(), e.getValue()));
        JobSettings s = new JobSettings(qualifiedOut, overwrite, List.copyOf(runOptions),
                List.of(spark.conf().get("spark.autotier.worker.javaOptions", "").split("\\s+")).stream()
                        .filter(x -> !x.isBlank()).toList(),
                Boolean.parseBoolean(spark.conf().get("spark.autotier.stageOutputs", "false")), settings);
        out.printf(Locale.ROOT, "autotier spark: %d recording(s) -> %s%n", tasks.size(), qualifiedOut);
        out.flush();

        // one task per recording. Each row (with its suggestions nested) is kept once made, for the
        // two tables; a row made again (a lost executor) finds its recording complete: "skipped"
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(tasks, tasks.size())
                .map(t -> RecordingRunner.process(t, s))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> all = spark.createDataFrame(rows, Tables.STAGED);
        int files = Math.max(1, tasks.size() / 5000);
        all.drop("suggestions").coalesce(files).write().mode(SaveMode.Overwrite).parquet(qualifiedOut + "/recordings");
        all.select(functions.col("recording"), functions.col("eaf"), functions.col("model"),
                        functions.col("autotier_version"), functions.col("parameters"),
                        functions.explode(functions.col("suggestions")).as("s"))
                .select("recording", "eaf", "s.*", "model", "autotier_version", "parameters")
                .coalesce(files).write().mode(SaveMode.Overwrite).parquet(qualifiedOut + "/suggestions");
        rows.unpersist(false);

        List<Row> summary = spark.read().parquet(qualifiedOut + "/recordings")
                .select("recording", "status", "error", "segments", "flagged", "seconds").collectAsList();
        Map<String, Long> byStatus = summary.stream().collect(Collectors.groupingBy(r -> r.getString(1),
                LinkedHashMap::new, Collectors.counting()));
        for (Row r : summary) {
            if (Tables.FAILED.equals(r.getString(1))) {
                out.println("FAILED " + r.getString(0) + ": " + r.getString(2));
            }
        }
        out.printf(Locale.ROOT, "autotier spark: %d recording(s): %d done, %d skipped (done before), %d failed; "
                + "tables in %s/recordings and %s/suggestions%n", summary.size(), byStatus.getOrDefault(Tables.DONE, 0L),
                byStatus.getOrDefault(Tables.SKIPPED, 0L), byStatus.getOrDefault(Tables.FAILED, 0L), qualifiedOut,
                qualifiedOut);
        return byStatus.getOrDefault(Tables.FAILED, 0L) > 0 ? 1 : 0;
    }

    /**
     * Asks the analysis process how it reads {@code args} ({@code run-worker --check}): which are
     * recordings and which are options of run (with their values), and whether the model is there.
     */
    private JsonNode checkRunOptions(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = RunWorker.command(AppHome.get(), List.of("-XX:TieredStopAtLevel=1"));
        cmd.add("--check");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        JsonNode answer = null;
        StringBuilder said = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(RunWorkerProtocol.PREFIX)) {
                    answer = JSON.readTree(line.substring(RunWorkerProtocol.PREFIX.length()));
                } else if (!line.isBlank() && said.length() == 0) {
                    said.append(line.replaceFirst("^autotier: ", "")); // the first line says what is wrong
                }
            }
        }
        if (p.waitFor() != 0 || answer == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), said.length() == 0
                    ? "the options of run were refused (exit " + p.exitValue() + ")" : said.toString());
        }
        return answer;
    }

    /** The spark-submit command line that runs this job on a cluster. */
    private String submitLine(String m) throws IOException {
        List<String> parts = new ArrayList<>(List.of("spark-submit", "--class", CorpusJob.class.getName(),
                "--master", m, "--conf", "spark.executor.memoryOverhead=2g",
                AppHome.codeSource().toString()));
        for (int i = 0; i < originalArgs.length; i++) {
            if (originalArgs[i].equals("--master")) {
                i++;
            } else if (!originalArgs[i].startsWith("--master=")) {
                parts.add(originalArgs[i]);
            }
        }
        return parts.stream().map(CorpusJob::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=,@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
