package org.autotier.core.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import org.bytedeco.javacpp.Pointer;

/**
 * The child's side of {@link WorkerProtocol}, inside the child's framework: runs one request at a
 * time on the calling thread with a {@link LocalEngine} that keeps its models between requests,
 * while a second thread reads the host's commands (so a cancel arrives during a job).
 */
public final class WorkerLoop {
    /**
     * Test only: a media file whose name contains this system property's value makes the child
     * crash in native code, as a codec might on a damaged file (the crash-isolation tests).
     */
    static final String CRASH_ON_MEDIA = "autotier.worker.test.crashOnMedia";

    private static final JsonNode END = WorkerProtocol.message("op", "end");

    private final PrintStream out;
    private final LocalEngine engine;
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

    private WorkerLoop(OutputStream protocol, String version) {
        this.out = new PrintStream(protocol, true, StandardCharsets.UTF_8);
        this.engine = new LocalEngine(version);
    }

    /** Called by {@link WorkerMain} by reflection; returns when the host closes stdin. */
    public static void serve(InputStream commands, OutputStream protocol, String version) throws InterruptedException {
        new WorkerLoop(protocol, version).run(commands);
    }

    private synchronized void send(JsonNode message) {
        out.println(WorkerProtocol.PREFIX + message);
    }

    private void run(InputStream commands) throws InterruptedException {
        BlockingQueue<JsonNode> jobs = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode c = WorkerProtocol.JSON.readTree(line);
                    if (c.path("op").asText().equals("cancel")) {
                        cancelled.add(c.path("id").asLong());
                    } else {
                        jobs.add(c);
                    }
                }
            } catch (IOException e) {
                e.printStackTrace(); // to stderr, which the host keeps for its error message
            }
            jobs.add(END);
        }, "autotier-worker-commands");
        reader.setDaemon(true);
        reader.start();
        send(WorkerProtocol.message("event", "ready").put("pid", ProcessHandle.current().pid()));
        try {
            for (JsonNode job = jobs.take(); job != END; job = jobs.take()) {
                handle(job);
            }
        } finally {
            engine.close();
        }
    }

    private void handle(JsonNode job) {
        long id = job.path("id").asLong();
        try {
            Path media = Path.of(job.path("media").asText());
            crashIfAsked(media);
            EafDocument into = job.path("into").isTextual() ? EafReader.read(Path.of(job.path("into").asText())) : null;
            Path eafPath = Path.of(job.path("eafPath").asText());
            Path out = Path.of(job.path("out").asText());
            java.util.function.DoubleConsumer progress = f -> send(WorkerProtocol.message("event", "progress")
                    .put("id", id).put("fraction", f));
            ObjectNode done = WorkerProtocol.message("event", "done").put("id", id);
            EafDocument document;
            if (job.path("op").asText().equals("suggest")) {
                List<String> humans = WorkerProtocol.JSON.convertValue(job.path("humanTiers"), new TypeReference<>() { });
                PipelineSettings settings = WorkerProtocol.JSON.treeToValue(job.path("settings"), PipelineSettings.class);
                AutoSuggestService.Result r = engine.suggest(new AutoSuggestService.Request(media, into, eafPath, humans),
                        settings, progress, () -> cancelled.contains(id));
                document = r.document();
                done.set("suggestions", WorkerProtocol.JSON.valueToTree(r.suggestions()));
                done.set("changedTiers", WorkerProtocol.JSON.valueToTree(r.changedTiers()));
            } else {
                document = engine.segment(media, into, eafPath, progress); // SegmentService has no cancel
            }
            EafWriter.write(document, out, EafVersion.forWriting(document), false);
            send(done);
        } catch (Exception | LinkageError e) {
            send(WorkerProtocol.failure(id, e));
        } finally {
            cancelled.remove(id);
        }
    }

    /**
     * The test hook: a real segmentation fault in native code (memset on an unmapped address).
     * Also called by the Spark job's analysis process ({@code run-worker}).
     */
    public static void crashIfAsked(Path media) {
        String marker = System.getProperty(CRASH_ON_MEDIA);
        if (marker != null && !marker.isEmpty() && media.getFileName().toString().contains(marker)) {
            Pointer.memset(new Pointer() {
                {
                    address = 16;
                }
            }, 0, 64);
        }
    }
}
