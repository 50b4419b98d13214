package org.autotier.core.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Says in one message why the analysis process ended during a request: the exit signal, the
 * JVM's crash report (hs_err) summary when there is one, or the out-of-memory exit.
 */
public final class WorkerDeath {
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private WorkerDeath() {
    }

    /**
     * @param media the recording the request was about
     * @param exitCode the child's exit status (128 + N: killed by signal N)
     * @param crashReport the JVM's hs_err file, if the child wrote one
     * @param stderrTail the child's last lines on stderr
     */
    static String explain(Path media, int exitCode, Path crashReport, List<String> stderrTail) {
        String cause = cause(exitCode, crashReport, stderrTail, "the setting 'Worker maximum heap (MB)'");
        return "autotier's analysis process stopped while working on " + media + ": " + cause
                + ". Your document is unchanged; the next run starts a new analysis process.";
    }

    /**
     * Why a child JVM ended, in a phrase such as "it crashed in native code (SIGSEGV ...)". Needs
     * nothing but the JDK: the Spark job's executors use it for their analysis processes too.
     *
     * @param heapSetting where a user raises the process's heap, named when the heap ran out
     */
    public static String cause(int exitCode, Path crashReport, List<String> stderrTail, String heapSetting) {
        if (crashReport != null && Files.isRegularFile(crashReport)) {
            return "it crashed in native code (" + summary(crashReport) + "; the full report is " + crashReport + ")";
        }
        for (String line : stderrTail) {
            if (line.contains("OutOfMemoryError")) {
                return "it ran out of memory (" + line.replaceFirst(".*OutOfMemoryError:?\\s*", "Java heap: ").trim()
                        + "); give it more with " + heapSetting;
            }
        }
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            String name = SIGNALS.getOrDefault(signal, "signal " + signal);
            return signal == 9
                    ? "it was killed (SIGKILL), as the system's out-of-memory killer does when memory runs out"
                    : "it was ended by " + name + " (exit status " + exitCode + ")";
        }
        String tail = stderrTail.isEmpty() ? "" : ": " + String.join(" | ", stderrTail.subList(
                Math.max(0, stderrTail.size() - 3), stderrTail.size()));
        return "it exited with status " + exitCode + tail;
    }

    /** The signal line and the problematic frame of an hs_err report. */
    static String summary(Path crashReport) {
        List<String> lines;
        try {
            lines = Files.readAllLines(crashReport, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "its crash report could not be read: " + e.getMessage();
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < lines.size() && i < 40; i++) {
            String l = lines.get(i);
            if (l.matches("#\\s+(SIG[A-Z]+|EXCEPTION_[A-Z_]+) .*")) {
                parts.add(l.substring(1).trim().replaceFirst(", pid=.*", ""));
            } else if (l.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                parts.add("problematic frame: " + lines.get(i + 1).substring(1).trim().replaceAll("\\s+", " "));
            }
        }
        return parts.isEmpty() ? "see its crash report" : String.join(", ", parts);
    }
}
