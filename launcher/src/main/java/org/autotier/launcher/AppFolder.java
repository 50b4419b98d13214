package org.autotier.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The application jar unpacked once: its embedded bundles ({@code jar/*.jar}) as files, and bnd's
 * {@code launcher.properties} rewritten to install them from there by reference.
 *
 * <p>The folder's name carries the jar's size and modification time, so a new build gets a new
 * folder and older ones are removed. It is written under a temporary name and renamed into place
 * when complete, so processes started together (two ELAN recognizer runs, a batch) never see a
 * half-written folder: whichever finishes first wins and the others use its folder. Where it goes:
 * {@code -Dautotier.app.cache}, else beside the jar ({@code .autotier-app/}) when that is writable,
 * else the user's cache folder.
 */
record AppFolder(Path dir) {
    static final String PROPERTIES = "launcher.properties";
    private static final String PREFIX = "app-";
    private static final String BUNDLES = "bundles";

    Path properties() {
        return dir.resolve(PROPERTIES);
    }

    /**
     * The unpacked bundle jars whose names start with one of the prefixes (as
     * {@code plugin-model-0.1.0-SNAPSHOT.jar} starts with {@code plugin-model-}), one per prefix.
     *
     * @throws IOException if one is missing: the application was not built with it
     */
    List<Path> jars(List<String> prefixes) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String prefix : prefixes) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir.resolve("jar"), prefix + "*.jar")) {
                var it = d.iterator();
                if (!it.hasNext()) {
                    throw new IOException(dir.resolve("jar") + " has no " + prefix + "*.jar: rebuild the application");
                }
                out.add(it.next());
            }
        }
        return out;
    }

    static AppFolder prepare(Path jar) throws IOException {
        String key = PREFIX + Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        IOException last = null;
        for (Path root : roots(jar)) {
            try {
                return prepare(jar, root, key);
            } catch (IOException e) {
                last = e; // not writable, full, ...: try the next place
            }
        }
        throw new IOException("cannot unpack " + jar + " for start-up in " + roots(jar) + ": " + last.getMessage(), last);
    }

    static List<Path> roots(Path jar) {
        List<Path> roots = new ArrayList<>();
        String configured = System.getProperty("autotier.app.cache");
        if (configured != null) {
            roots.add(Path.of(configured));
            return roots;
        }
        Path beside = jar.toAbsolutePath().getParent();
        if (beside != null && !beside.toString().contains(",")) { // bnd's launcher splits bundle lists at commas
            roots.add(beside.resolve(".autotier-app"));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = Path.of(System.getProperty("user.home"));
        roots.add((xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("autotier"));
        roots.add(Path.of(System.getProperty("java.io.tmpdir")).resolve("autotier-" + System.getProperty("user.name")));
        return roots;
    }

    static AppFolder prepare(Path jar, Path root, String key) throws IOException {
        Path dir = root.resolve(key);
        if (Files.isRegularFile(dir.resolve(PROPERTIES))) {
            return new AppFolder(dir);
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, key + ".partial-");
        try {
            unpack(jar, tmp, dir);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(root + " does not support an atomic rename", e);
            } catch (IOException e) {
                // another process unpacked the same build first (the OS says "exists" or "not
                // empty", in words that vary): use its folder if it is complete
                if (!Files.isRegularFile(dir.resolve(PROPERTIES))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);
        }
        if (!Files.isRegularFile(dir.resolve(PROPERTIES))) {
            throw new IOException(dir + " is incomplete after unpacking");
        }
        removeOlderBuilds(root, key);
        return new AppFolder(dir);
    }

    /** Unpacks into {@code into}; the properties name the bundles at their final place, {@code dir}. */
    private static void unpack(Path jar, Path into, Path dir) throws IOException {
        Properties launch = new Properties();
        try (JarFile j = new JarFile(jar.toFile())) {
            try (InputStream in = Main.open(j, PROPERTIES)) {
                launch.load(in);
            }
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("jar/")) {
                    copy(j, entry, into);
                }
            }
        }
        // A bundle that embeds jars (Bundle-ClassPath: FFmpeg, ONNX Runtime, PyTorch) is unpacked
        // into a folder: Felix reads a folder bundle's embedded jars where they lie, where from a
        // jar bundle it would copy them into its per-process cache at every start. The others stay
        // jars, whose classes the JVM's class-data sharing can archive.
        List<String> bundles = new ArrayList<>();
        for (String b : launch.getProperty("launch.bundles", "").split(",")) {
            if (b.isBlank()) {
                continue;
            }
            Path bundle = into.resolve(b.trim());
            if (embedsJars(bundle)) {
                String name = bundle.getFileName().toString().replaceFirst("\\.jar$", "");
                explode(bundle, into.resolve(BUNDLES).resolve(name));
                bundles.add(dir.resolve(BUNDLES).resolve(name).toAbsolutePath().toString());
            } else {
                bundles.add(dir.resolve(b.trim()).toAbsolutePath().toString());
            }
        }
        launch.setProperty("launch.bundles", String.join(",", bundles));
        launch.setProperty("launch.embedded", "false");
        // written last: its presence marks the folder complete
        try (OutputStream out = Files.newOutputStream(into.resolve(PROPERTIES))) {
            launch.store(out, "autotier: bnd launcher properties for the unpacked bundles of " + jar.getFileName());
        }
    }

    static boolean embedsJars(Path bundle) throws IOException {
        try (JarFile j = new JarFile(bundle.toFile())) {
            java.util.jar.Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Bundle-ClassPath");
            return cp != null && cp.contains(".jar");
        }
    }

    private static void explode(Path jar, Path into) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                copy(j, e.nextElement(), into);
            }
        }
        Files.delete(jar); // the folder replaces it
    }

    /** One entry of {@code jar} under {@code root}, refusing names that lead out of it. */
    private static void copy(JarFile jar, JarEntry entry, Path root) throws IOException {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
            throw new IOException(jar.getName() + ": entry " + entry.getName() + " points outside the folder");
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = jar.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
    }

    private static void removeOlderBuilds(Path root, String current) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path p : all) {
                if (!p.getFileName().toString().equals(current) && !p.getFileName().toString().contains(".partial-")) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // best effort: an older folder left behind costs disk, not correctness
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // in use elsewhere (Windows) or gone already
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
