package org.autotier.core.worker;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * How to start the analysis process on the host's own files: the JVM the host runs on, the OSGi
 * framework's jar, and plugin-core with every bundle it is wired to (directly or not), each
 * from the file the host installed it from. No application jar is needed, so any OSGi host that
 * installed autotier's bundles from files gets isolation.
 *
 * @param command the command line, or empty when it cannot be built
 * @param problem why not, when {@code command} is empty
 */
public record ChildLaunch(List<String> command, String problem) {
    /** Framework properties the child takes over from the host. */
    private static final List<String> FRAMEWORK_PROPERTIES = List.of(Constants.FRAMEWORK_BOOTDELEGATION,
            Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Constants.FRAMEWORK_BUNDLE_PARENT);
    /** Settings the child takes over from the host (system or framework properties). */
    private static final List<String> SETTINGS = List.of("autotier.home", "autotier.eaf.schemas", "autotier.threads",
            "ai.djl.offline");

    /**
     * @param workDir the child's framework storage goes in {@code workDir/framework}
     * @param crashReports where the JVM writes hs_err_pid&lt;pid&gt;.log if the child crashes
     * @param maxHeapMb the child's -Xmx; 0: the JVM's default
     * @param jvmOptions more JVM options, separated by spaces
     */
    public static ChildLaunch plan(BundleContext context, Path workDir, Path crashReports, int maxHeapMb,
            String jvmOptions) {
        Set<Bundle> bundles = wiredClosure(context.getBundle());
        List<String> files = new ArrayList<>();
        for (Bundle b : bundles) {
            Path f = file(b.getLocation());
            if (f == null) {
                return new ChildLaunch(List.of(), "bundle " + b.getSymbolicName() + " was installed from '"
                        + b.getLocation() + "', not from a file the analysis process could start from");
            }
            files.add(f.toString());
        }
        Path framework = codeSource(context.getBundle(0).getClass());
        Path core = file(context.getBundle().getLocation());
        if (framework == null) {
            return new ChildLaunch(List.of(), "the OSGi framework's jar could not be found");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '\\' ? "java.exe" : "java")
                .toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:ErrorFile=" + crashReports.resolve("hs_err_pid%p.log"));
        if (maxHeapMb > 0) {
            cmd.add("-Xmx" + maxHeapMb + "m");
        }
        Set<String> settings = new TreeSet<>(SETTINGS);
        for (String k : System.getProperties().stringPropertyNames()) {
            if ((k.startsWith("autotier.") && !k.startsWith(WorkerMain.FRAMEWORK_PROPERTY_PREFIX)) || k.startsWith("ai.djl.")
                    || k.startsWith("org.bytedeco.")) {
                settings.add(k);
            }
        }
        for (String k : settings) {
            String v = context.getProperty(k);
            if (v != null) {
                cmd.add("-D" + k + "=" + v);
            }
        }
        cmd.add("-Dai.djl.offline=true"); // nothing downloads, whatever the host says
        for (String k : FRAMEWORK_PROPERTIES) {
            String v = context.getProperty(k);
            if (v != null) {
                cmd.add("-D" + WorkerMain.FRAMEWORK_PROPERTY_PREFIX + k + "=" + v);
            }
        }
        for (String o : jvmOptions == null ? new String[0] : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-cp");
        cmd.add(framework + File.pathSeparator + core);
        cmd.add(WorkerMain.class.getName());
        cmd.add(workDir.resolve("framework").toString());
        cmd.add(context.getBundle().getSymbolicName());
        cmd.addAll(files);
        return new ChildLaunch(cmd, null);
    }

    /** {@code core} and every bundle it is wired to, directly or not, and their fragments; not the framework. */
    static Set<Bundle> wiredClosure(Bundle core) {
        Set<Bundle> seen = new LinkedHashSet<>();
        Deque<Bundle> todo = new ArrayDeque<>();
        seen.add(core);
        todo.add(core);
        while (!todo.isEmpty()) {
            BundleWiring wiring = todo.poll().adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            List<BundleWire> wires = new ArrayList<>(wiring.getRequiredWires(null));
            wires.addAll(wiring.getProvidedWires(org.osgi.framework.namespace.HostNamespace.HOST_NAMESPACE));
            for (BundleWire w : wires) {
                for (Bundle b : List.of(w.getProvider().getBundle(), w.getRequirer().getBundle())) {
                    if (b.getBundleId() != 0 && seen.add(b)) {
                        todo.add(b);
                    }
                }
            }
        }
        return seen;
    }

    /** The file a bundle location names ({@code reference:file:...}, {@code file:...} or a path), or null. */
    static Path file(String location) {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            Path p = l.startsWith("file:") ? Path.of(URI.create(l)) : Path.of(l);
            return p.isAbsolute() && Files.exists(p) ? p : null;
        } catch (RuntimeException e) {
            // a file: location with spaces that were never encoded, or not a file at all
            Path p = l.startsWith("file:") ? Path.of(l.substring("file:".length())) : null;
            return p != null && p.isAbsolute() && Files.exists(p) ? p : null;
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            URL u = c.getProtectionDomain().getCodeSource().getLocation();
            return file(u.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
