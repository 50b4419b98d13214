package org.autotier.core.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * Shows progress: a redrawn bar on a terminal, a plain line every 25% otherwise (logs, ELAN).
 */
final class ProgressBar implements DoubleConsumer {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private int lastShown = -1;

    ProgressBar(PrintWriter err, String label, boolean terminal) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
    }

    static ProgressBar forConsole(PrintWriter err, String label) {
        return new ProgressBar(err, label, System.console() != null);
    }

    @Override
    public synchronized void accept(double fraction) {
        int pct = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        if (terminal) {
            if (pct == lastShown) {
                return;
            }
            int width = 30;
            int filled = pct * width / 100;
            err.print(String.format(Locale.ROOT, "\r%-24.24s [%s%s] %3d%%", label, "#".repeat(filled),
                    " ".repeat(width - filled), pct));
            if (pct == 100) {
                err.println();
            }
            err.flush();
        } else if (pct / 25 > lastShown / 25 || (lastShown < 0)) {
            err.println(String.format(Locale.ROOT, "%s: %d%%", label, pct / 25 * 25));
            err.flush();
        } else {
            return;
        }
        lastShown = pct;
    }
}
