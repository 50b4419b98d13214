package org.autotier.core.cli;

/** Process exit codes shared by every command. */
final class ExitCodes {
    static final int OK = 0;
    /** The input is invalid, or at least one file failed. */
    static final int FAILED = 1;
    /** The command line itself was wrong (picocli's own code for usage errors). */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
