package org.autotier.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.autotier.core.suggest.AutoSuggester;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autotier run-worker [the options of run]}: the analysis process of a Spark executor
 * (spark-job). Loads the models once, then auto-tiers one recording per request
 * ({@link RunWorkerProtocol}) until stdin ends. A native crash on a damaged file ends this process,
 * not the executor, which reports the recording as failed and starts another worker.
 */
@Command(name = RunWorkerProtocol.COMMAND, hidden = true, mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Serve auto-tiering requests as JSON lines on stdin (the Spark job's analysis process).")
final class RunWorkerCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    SegmentOptions segment = new SegmentOptions();

    @Mixin
    SuggestOptions suggest = new SuggestOptions();

    @Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Option(names = "--check", description = "check the options and the model, print how the arguments split into "
            + "recordings and options of run, then exit (0: usable)")
    boolean check;

    /** With --check: the recordings among the arguments (the Spark driver lets the options of run decide what is one). */
    @picocli.CommandLine.Parameters(hidden = true)
    List<String> inputs = new java.util.ArrayList<>();

    private PrintStream protocol;

    @Override
    public Integer call() throws Exception {
        if (check) {
            return check();
        }
        if (!inputs.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "run-worker takes its recordings on stdin, not " + inputs);
        }
        threadOptions.apply(spec.commandLine().getErr());
        // the protocol keeps the real stdout; anything else printed goes to stderr
        protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        // the parent gone (a killed executor or driver): stop at once, before writing anything more
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        PrintWriter err = spec.commandLine().getErr();
        LoadedSuggester loaded;
        try {
            loaded = LoadedSuggester.open(segment, suggest, err);
        } catch (Exception e) {
            send(JSON.createObjectNode().put("event", "unavailable").put("message", Messages.describe(e)));
            return ExitCodes.FAILED;
        }
        try (loaded; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            AutoSuggester suggester = loaded.suggester();
            send(JSON.createObjectNode().put("event", "ready").put("pid", ProcessHandle.current().pid())
                    .put("autotier", Versions.autotier()));
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    send(serve(suggester, JSON.readTree(line)));
                }
            }
        }
        return ExitCodes.OK;
    }

    /** Prints {"inputs":[…],"options":[…]}: the arguments as run understands them, the options in a canonical form. */
    private int check() throws IOException {
        Path model = suggest.modelPath();
        if (!Files.isRegularFile(model.resolve("model.json"))) {
            throw new IOException(model + ": not an autotier model (no model.json)");
        }
        ObjectNode answer = JSON.createObjectNode();
        inputs.forEach(answer.putArray("inputs")::add);
        var options = answer.putArray("options");
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (o.longestName().equals("--check")) {
                continue;
            }
            List<String> values = o.arity().max() == 0 ? List.of() : o.originalStringValues();
            if (values.isEmpty()) {
                options.add(o.longestName()); // a flag
            }
            for (String v : values) {
                options.add(o.longestName());
                options.add(v);
            }
        }
        spec.commandLine().getOut().println(RunWorkerProtocol.PREFIX + answer);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static ObjectNode serve(AutoSuggester suggester, JsonNode request) {
        long id = request.path("id").asLong();
        long t0 = System.nanoTime();
        try {
            Path media = Path.of(request.path("media").asText());
            Path target = Path.of(request.path("target").asText()); // its folder exists (the protocol)
            org.autotier.core.worker.WorkerLoop.crashIfAsked(media); // a test-only property; nothing otherwise
            AutoSuggester.Outcome o = suggester.run(media, target, null, List.of(), fraction -> { });
            return JSON.createObjectNode().put("event", "done").put("id", id)
                    .put("segments", o.written().size())
                    .put("flagged", o.flagged())
                    .put("audioOnly", o.result().segmentation().audioOnly())
                    .put("durationMs", o.result().segmentation().media().durationMs())
                    .put("seconds", (System.nanoTime() - t0) / 1e9);
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode().put("event", "failed").put("id", id).put("message", Messages.describe(e))
                    .put("seconds", (System.nanoTime() - t0) / 1e9);
        }
    }

    private void send(JsonNode message) {
        protocol.println(RunWorkerProtocol.PREFIX + message);
    }
}
