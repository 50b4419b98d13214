package org.autotier.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AutotierCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** As {@link #of}, through the application launcher's fast path for {@code eaf} (the eaf commands alone). */
    static CliRun eafAlone(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AutotierCommand.executeEaf(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
