package org.autotier.core.worker;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The analysis process's {@code main}: starts an OSGi framework of its own on the very bundle
 * files the host runs (the host passes their paths) and hands stdin/stdout to
 * {@link WorkerLoop} inside it. This class is loaded from the class path, outside any framework,
 * so it uses only the JDK and the OSGi framework API.
 *
 * <p>Arguments: {@code STORAGE_DIR CORE_SYMBOLIC_NAME BUNDLE_FILE...}; framework properties come
 * as system properties prefixed {@code autotier.worker.fw.}.
 */
public final class WorkerMain {
    static final String FRAMEWORK_PROPERTY_PREFIX = "autotier.worker.fw.";

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        // stdout carries the protocol; anything else printing to System.out goes to stderr
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        InputStream commands = System.in;
        System.setOut(System.err);
        int status = 0;
        Framework framework = start(args);
        try {
            Bundle core = null;
            for (Bundle b : framework.getBundleContext().getBundles()) {
                if (args[1].equals(b.getSymbolicName())) {
                    core = b;
                }
            }
            if (core == null) {
                throw new IllegalStateException("bundle " + args[1] + " is not among the worker's bundles");
            }
            Class<?> loop = core.loadClass("org.autotier.core.worker.WorkerLoop");
            Method serve = loop.getMethod("serve", InputStream.class, OutputStream.class, String.class);
            serve.invoke(null, commands, protocol, core.getVersion().toString());
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            framework.stop();
            framework.waitForStop(20_000);
        }
        System.exit(status);
    }

    private static Framework start(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith(FRAMEWORK_PROPERTY_PREFIX)) {
                props.put(k.substring(FRAMEWORK_PROPERTY_PREFIX.length()), System.getProperty(k));
            }
        }
        props.put(Constants.FRAMEWORK_STORAGE, args[0]);
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(props);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            // by reference: the bundle files are read in place, not copied into the storage
            installed.add(ctx.installBundle("reference:" + java.nio.file.Path.of(args[i]).toUri()));
        }
        framework.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        return framework;
    }
}
