package org.autotier.core.cli;

/** Lets tests of other packages run the command line. */
public final class CliProbe {
    private CliProbe() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(String... args) {
        CliRun r = CliRun.of(args);
        return new Result(r.exitCode(), r.out(), r.err());
    }
}
