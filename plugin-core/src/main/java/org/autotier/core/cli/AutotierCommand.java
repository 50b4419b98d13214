package org.autotier.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code autotier} command line. Exit codes: 0 success, 1 the input is invalid or a file
 * failed, 2 usage error.
 */
@Command(name = "autotier", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Suggests ELAN tiers: where someone speaks with their face in view, and what they feel.",
        subcommands = {EafCommand.class, SegmentCommand.class, RunCommand.class, TrainCommand.class, DoctorCommand.class,
            EvaluateCommand.class, EvaluateFlagsCommand.class, ElanRecognizerCommand.class, RunWorkerCommand.class,
            ExportOnnxCommand.class, CalibrateDomainCommand.class,
            CommandLine.HelpCommand.class})
public final class AutotierCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one command line; output goes to {@code out} and {@code err}. Returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CommandLine(new AutotierCommand()), args, out, err);
    }

    /**
     * Runs {@code autotier eaf ...} with the {@code eaf} commands alone, as {@link #execute} would:
     * the same output and exit codes, without building the other commands (whose classes reach into
     * the media and model runtimes). The application launcher's fast path ({@link EafMain}).
     */
    public static int executeEaf(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || !args[0].equals("eaf")) {
            throw new IllegalArgumentException("not an eaf command line: " + java.util.Arrays.toString(args));
        }
        CommandLine cl = new CommandLine(CommandSpec.create().name("autotier"));
        cl.addSubcommand("eaf", new EafCommand());
        return execute(cl, args, out, err);
    }

    private static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            err.println("autotier: " + Messages.describe(ex));
            if (Boolean.getBoolean("autotier.debug")) {
                ex.printStackTrace(err);
            }
            return ExitCodes.FAILED;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
