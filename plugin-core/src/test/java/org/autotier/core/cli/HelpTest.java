package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help prints its usage and nothing else (picocli warns on stderr about bad format strings). */
class HelpTest {

    private static List<List<String>> commandPaths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        out.add(prefix);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!"help".equals(name)) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                out.addAll(commandPaths(sub, p));
            }
        });
        return out;
    }

    @Test
    void everyCommandsHelpPrintsCleanly() {
        List<List<String>> paths = commandPaths(new CommandLine(new AutotierCommand()), List.of());
        assertTrue(paths.size() >= 8, "the commands: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            PrintStream oldErr = System.err;
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            CliRun r;
            try {
                // picocli's own warnings go to System.err, not to the command's error writer
                System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
                r = CliRun.of(args.toArray(String[]::new));
            } finally {
                System.setErr(oldErr);
            }
            String all = r.err() + stderr.toString(StandardCharsets.UTF_8);
            assertEquals(0, r.exitCode(), path + ": " + all);
            assertTrue(r.out().contains("Usage:"), path + ": " + r.out());
            assertFalse(all.contains("WARN") || all.contains("Exception"), path + " --help: " + all);
            assertEquals("", all.strip(), path + " --help writes nothing to stderr");
        }
    }
}
