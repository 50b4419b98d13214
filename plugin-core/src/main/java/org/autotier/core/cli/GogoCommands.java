package org.autotier.core.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The command line as Gogo commands ({@code autotier:run}, {@code autotier:segment},
 * {@code autotier:eaf}, ...), so an OSGi shell offers the same functions as {@code ./autotier}.
 * Gogo captures each session's System.out, so output goes to the shell that asked.
 */
@Component(service = GogoCommands.class, property = {
    "osgi.command.scope=autotier",
    "osgi.command.function=run", "osgi.command.function=segment", "osgi.command.function=eaf",
    "osgi.command.function=train", "osgi.command.function=evaluate", "osgi.command.function=evaluateflags",
    "osgi.command.function=help"})
public final class GogoCommands {

    public int run(String... args) {
        return execute("run", args);
    }

    public int segment(String... args) {
        return execute("segment", args);
    }

    public int eaf(String... args) {
        return execute("eaf", args);
    }

    public int train(String... args) {
        return execute("train", args);
    }

    public int evaluate(String... args) {
        return execute("evaluate", args);
    }

    public int evaluateflags(String... args) {
        return execute("evaluate-flags", args);
    }

    public int help(String... args) {
        return execute("help", args);
    }

    private static int execute(String command, String[] args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
        return AutotierCommand.execute(all.toArray(String[]::new), out, err);
    }
}
