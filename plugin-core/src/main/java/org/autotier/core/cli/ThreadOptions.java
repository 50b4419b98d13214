package org.autotier.core.cli;

import org.autotier.core.fusion.Djl;
import picocli.CommandLine.Option;

/** {@code --threads}: PyTorch's intra-op threads, for the commands that run the emotion model. */
final class ThreadOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch threads for the emotion model (default: the cores available, or -Dautotier.threads); "
                    + "use fewer when several autotier processes share the machine")
    Integer threads;

    /** Before the command starts PyTorch; where it already runs (a host's process), says it cannot change. */
    void apply(java.io.PrintWriter err) {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            if (!Djl.useThreads(threads)) {
                err.println("autotier: --threads " + threads + " not applied: PyTorch already runs in this process");
            }
        }
    }
}
