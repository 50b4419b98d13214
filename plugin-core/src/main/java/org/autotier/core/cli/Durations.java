package org.autotier.core.cli;

/** Formats milliseconds as h:mm:ss.mmm for people. */
final class Durations {
    private Durations() {
    }

    static String format(long ms) {
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        return String.format("%d:%02d:%02d.%03d", h, m, s, ms % 1000);
    }
}
