package org.autotier.core.worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in analysis process for {@link ChildEngineTest}: speaks {@link WorkerProtocol} without
 * any model. "suggest" reports progress until it is cancelled (on a recording named "stuck", once
 * and then never again); "segment" on a recording named
 * "oom" exits as the JVM does on -XX:+ExitOnOutOfMemoryError, any other "segment" prints a line
 * that is not the protocol's and answers with a failure.
 */
public final class FakeWorker {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(WorkerProtocol.PREFIX + "{\"event\":\"ready\",\"pid\":" + ProcessHandle.current().pid() + "}");
        System.out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            var c = WorkerProtocol.JSON.readTree(line);
            long id = c.path("id").asLong();
            if (c.path("op").asText().equals("suggest") && c.path("media").asText().endsWith("stuck.wav")) {
                // a decoder in an endless loop: one progress report, then nothing
                System.out.println(WorkerProtocol.PREFIX + "{\"event\":\"progress\",\"id\":" + id
                        + ",\"fraction\":0.1}");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            } else if (c.path("op").asText().equals("suggest")) {
                for (int i = 0; ; i++) {
                    System.out.println(WorkerProtocol.PREFIX + "{\"event\":\"progress\",\"id\":" + id
                            + ",\"fraction\":" + Math.min(0.99, i / 100.0) + "}");
                    System.out.flush();
                    if (in.ready()) {
                        var next = WorkerProtocol.JSON.readTree(in.readLine());
                        if (next.path("op").asText().equals("cancel")) {
                            System.out.println(WorkerProtocol.PREFIX + WorkerProtocol.failure(id,
                                    new java.util.concurrent.CancellationException("cancelled")));
                            System.out.flush();
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
            } else if (c.path("media").asText().endsWith("oom.wav")) {
                System.err.println("Terminating due to java.lang.OutOfMemoryError: Java heap space");
                System.exit(3);
            } else {
                System.out.println("[h264 @ 0x55d] a native library talking on stdout");
                System.out.println(WorkerProtocol.PREFIX + WorkerProtocol.failure(id,
                        new java.io.IOException(c.path("media").asText() + ": not a media file")));
                System.out.flush();
            }
        }
    }
}
