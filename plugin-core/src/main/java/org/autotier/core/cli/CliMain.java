package org.autotier.core.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Hashtable;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the command line when autotier is started as an application by the bnd launcher.
 *
 * <p>The launcher registers its arguments as the service property {@code launcher.arguments} and
 * runs a {@code main.thread} Callable on the JVM's main thread, exiting with what it returns. The
 * bnd test launcher registers the same arguments service, so the Callable is offered only when
 * the framework property {@code autotier.cli=true} says this framework is the application
 * (cnf/autotier.bndrun sets it); in any other host this component stays quiet.
 */
@Component(immediate = true, service = {})
public final class CliMain {

    /** Framework property that marks the autotier application. */
    public static final String CLI_PROPERTY = "autotier.cli";

    private final ServiceRegistration<?> registration;

    @Activate
    public CliMain(BundleContext context, @Reference(service = Object.class, target = "(launcher.arguments=*)")
            ServiceReference<Object> launcher) {
        Object a = launcher.getProperty("launcher.arguments");
        String[] args = a instanceof String[] s ? s.clone() : new String[0];
        if (Boolean.parseBoolean(context.getProperty(CLI_PROPERTY))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", Boolean.TRUE);
            registration = context.registerService(Callable.class, new MainThread(args), props);
        } else {
            registration = null;
        }
    }

    /** A named class: the launcher checks by reflection that the service is a Callable&lt;Integer&gt;. */
    private static final class MainThread implements Callable<Integer> {
        private final String[] args;

        MainThread(String[] args) {
            this.args = args;
        }

        @Override
        public Integer call() {
            Charset cs = Charset.defaultCharset();
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
            PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
            return AutotierCommand.execute(args, out, err);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is shutting down
            }
        }
    }
}
