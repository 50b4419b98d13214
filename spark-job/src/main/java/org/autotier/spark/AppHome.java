package org.autotier.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The autotier application (its jar and the shipped model) that the Spark application jar
 * carries under {@code autotier-app/}, unpacked once per machine and build so that each JVM can
 * start analysis processes from it. Run from the build's classes folder (the tests), it is used
 * where it is.
 */
final class AppHome {
    static final String ENTRY = "autotier-app/";
    private static Path home;

    private AppHome() {
    }

    /** The folder with {@code lib/autotier.jar} and {@code models/}. */
    static synchronized Path get() throws IOException {
        if (home == null) {
            home = locate();
        }
        return home;
    }

    /**
     * Where the application jar unpacks its bundles for start-up (its {@code autotier.app.cache}):
     * a machine-local folder, never beside the jar, so a build's classes folder stays clean.
     */
    static Path cache() {
        return root().resolve("app-cache");
    }

    private static Path root() {
        return Path.of(System.getProperty("java.io.tmpdir"), "autotier-spark-" + System.getProperty("user.name"));
    }

    /** Where this application's classes come from: the Spark application jar, or a classes folder. */
    static Path codeSource() throws IOException {
        try {
            return Path.of(AppHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where the autotier Spark application was loaded from", e);
        }
    }

    private static Path locate() throws IOException {
        Path source = codeSource();
        if (Files.isDirectory(source)) {
            return check(source.resolve(ENTRY));
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            JarEntry app = jar.getJarEntry(ENTRY + "lib/autotier.jar");
            if (app == null) {
                throw new IOException(source + " does not carry the autotier application (no " + ENTRY
                        + "lib/autotier.jar): build it with `mvn -B -pl spark-job -am package`");
            }
            // one folder per build: the embedded jar's size and checksum name it
            String key = Long.toHexString(app.getSize()) + "-" + Long.toHexString(app.getCrc());
            Path root = root();
            Path dir = root.resolve(key);
            if (Files.isRegularFile(dir.resolve(".complete"))) {
                return dir;
            }
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, key + ".partial-");
            try {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (!entry.getName().startsWith(ENTRY) || entry.isDirectory()) {
                        continue;
                    }
                    Path to = tmp.resolve(entry.getName().substring(ENTRY.length())).normalize();
                    if (!to.startsWith(tmp)) {
                        throw new IOException(source + ": entry " + entry.getName() + " points outside its folder");
                    }
                    Files.createDirectories(to.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, to);
                    }
                    Files.setLastModifiedTime(to, entry.getLastModifiedTime());
                }
                Files.createFile(tmp.resolve(".complete"));
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // another executor on this machine unpacked the same build first
                    if (!Files.isRegularFile(dir.resolve(".complete"))) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
            return check(dir);
        }
    }

    private static Path check(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("lib/autotier.jar"))) {
            throw new IOException(dir + " lacks lib/autotier.jar: build the Spark job with `mvn -B -pl spark-job -am package`");
        }
        return dir;
    }

    /** Deletes a folder and everything in it (also the executors' staging folders). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
