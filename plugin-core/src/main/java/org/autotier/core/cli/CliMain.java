package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the command line when autotier is started as an application by the bnd launcher: the
 * launcher registers its arguments as the service property {@code launcher.arguments} and calls
 * the {@code main.thread} service on the JVM's main thread, exiting with what it returns.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class CliMain implements Callable<Integer> {

    private final String[] args;

    @Activate
    public CliMain(@Reference(service = Object.class, target = "(launcher.arguments=*)")
            ServiceReference<Object> launcher) {
        Object a = launcher.getProperty("launcher.arguments");
        this.args = a instanceof String[] s ? s.clone() : new String[0];
    }

    @Override
    public Integer call() {
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        return AutotierCommand.execute(args, out, err);
    }
}
