package org.autotier.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The application jar's entry point. bnd's own embedded launcher copies every embedded bundle
 * (190 MB with the FFmpeg, ONNX Runtime and PyTorch natives) into a fresh Felix cache at every
 * start and deletes it at exit: over a second of a two-second cold start, paid by every ELAN
 * recognizer run and every file of a batch. This one unpacks the jar once per build into a
 * folder ({@link AppFolder}) and starts the same bnd launcher on those files, which Felix then
 * installs by reference, without copying. Everything after that (Felix, SCR, the CLI waiting for
 * the launcher's arguments) is as before.
 */
public final class Main {
    /** bnd's launcher and the framework, as listed in the exported jar's manifest. */
    static final String RUNPATH = "Embedded-Runpath";
    /** The platform whose natives the jar carries (cnf/pom.xml, distributions/pom.xml). */
    static final String PLATFORM = "Autotier-Platform";
    /** As the CLI's exit code for a usage or installation problem. */
    private static final int WRONG_PLATFORM = 2;

    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Attributes manifest = mainAttributes(jar);
        var wrong = Platform.mismatch(manifest.getValue(PLATFORM), Platform.current());
        if (wrong.isPresent()) {
            System.err.println(wrong.get());
            System.exit(WRONG_PLATFORM);
        }
        AppFolder app = AppFolder.prepare(jar);
        if (args.length > 0 && args[0].equals("eaf")) {
            runWithoutFramework(app, args);
            return;
        }
        System.setProperty("launcher.properties", app.properties().toString());
        List<Path> runpath = new ArrayList<>();
        for (String entry : runpath(jar, manifest)) {
            runpath.add(app.dir().resolve(entry));
        }
        runMain(runpath, "aQute.launcher.Launcher", args);
    }

    /** Calls {@code mainClass.main(args)} from a class loader over {@code classPath}, as the context loader. */
    private static void runMain(List<Path> classPath, String mainClass, String[] args) throws Throwable {
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            urls.add(p.toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass(mainClass).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * What {@code eaf} commands need, and only that: they read and write EAF files, so they start
     * no framework and load no media or model runtime (docs/decisions/cli-in-felix.md). The same
     * bundle jars as the application, on a plain class path.
     */
    static final List<String> EAF_CLASS_PATH = List.of("plugin-model-", "plugin-core-", "picocli-",
            "jackson-core-", "jackson-databind-", "jackson-annotations-");

    private static void runWithoutFramework(AppFolder app, String[] args) throws Throwable {
        runMain(app.jars(EAF_CLASS_PATH), "org.autotier.core.cli.EafMain", args);
    }

    /** The jar's manifest attributes (none when it has no manifest), read once per start. */
    static Attributes mainAttributes(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            return m == null ? new Attributes() : m.getMainAttributes();
        }
    }

    static List<String> runpath(Path jar, Attributes manifest) throws IOException {
        String value = manifest.getValue(RUNPATH);
        if (value == null) {
            throw new IOException(jar + " is not an exported autotier application: its manifest has no " + RUNPATH);
        }
        List<String> entries = new ArrayList<>();
        for (String e : value.split(",")) {
            entries.add(e.trim());
        }
        return entries;
    }

    static InputStream open(JarFile jar, String entry) throws IOException {
        var e = jar.getJarEntry(entry);
        if (e == null) {
            throw new IOException(jar.getName() + " lacks " + entry);
        }
        return jar.getInputStream(e);
    }
}
