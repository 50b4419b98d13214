package org.autotier.core.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * {@code autotier eaf ...} on a plain class path: plugin-model, plugin-core, picocli and Jackson,
 * with no OSGi framework started and no media or model runtime on the path. The application
 * launcher takes this path for {@code eaf} (docs/decisions/cli-in-felix.md): starting Felix and
 * building every command cost about two thirds of a cold {@code eaf info}.
 */
public final class EafMain {
    private EafMain() {
    }

    public static void main(String[] args) {
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
        System.exit(AutotierCommand.executeEaf(args, out, err));
    }
}
