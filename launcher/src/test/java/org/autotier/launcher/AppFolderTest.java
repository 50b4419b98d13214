package org.autotier.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking the application jar: once per build, complete or not at all, safe when processes race. */
class AppFolderTest {

    /** An exported-application-shaped jar: two bundles (one with an embedded jar) and bnd's properties. */
    static Path appJar(Path dir, String marker) throws IOException {
        Path jar = dir.resolve("autotier.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(Main.RUNPATH, "jar/framework.jar,jar/launcher.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            put(out, "jar/framework.jar", "fw");
            put(out, "jar/launcher.jar", "launcher");
            put(out, "jar/a-1.0.jar", innerJar(marker));
            put(out, "jar/b-1.0.jar", innerJar("plain"));
            put(out, "launcher.properties", "launch.bundles=jar/a-1.0.jar,jar/b-1.0.jar\nlaunch.embedded=true\nx=1\n");
        }
        return jar;
    }

    private static String innerJar(String marker) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            put(out, "lib/native.jar", marker);
            put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: " + marker + "\n"
                    + (marker.equals("plain") ? "" : "Bundle-ClassPath: .,lib/native.jar\n"));
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static void put(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.ISO_8859_1));
        out.closeEntry();
    }

    @Test
    void unpacksBundlesIntoFoldersAndPointsTheLauncherAtThem(@TempDir Path tmp) throws Exception {
        Path jar = appJar(tmp, "a");
        AppFolder app = AppFolder.prepare(jar, tmp.resolve("cache"), "app-1");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(app.properties())) {
            p.load(in);
        }
        assertEquals("false", p.getProperty("launch.embedded"));
        assertEquals("1", p.getProperty("x"), "other properties are kept");
        String[] bundles = p.getProperty("launch.bundles").split(",");
        assertEquals(2, bundles.length);
        Path a = Path.of(bundles[0]);
        assertTrue(a.isAbsolute() && Files.isDirectory(a), a.toString());
        assertEquals("a", Files.readString(a.resolve("lib/native.jar"), StandardCharsets.ISO_8859_1),
                "the embedded jar lies in the folder, where Felix reads it in place");
        Path b = Path.of(bundles[1]);
        assertTrue(Files.isRegularFile(b) && b.toString().endsWith("b-1.0.jar"), "a bundle without embedded jars stays a jar: " + b);
        assertTrue(Files.isRegularFile(app.dir().resolve("jar/framework.jar")));
        assertEquals(List.of("jar/framework.jar", "jar/launcher.jar"), Main.runpath(jar, Main.mainAttributes(jar)));
    }

    @Test
    void aNewBuildReplacesTheOldFolderAndTheSameBuildIsReused(@TempDir Path tmp) throws Exception {
        Path jar = appJar(tmp, "a");
        Path cache = tmp.resolve("cache");
        AppFolder first = AppFolder.prepare(jar, cache, "app-1");
        Files.writeString(first.dir().resolve("touched"), "x");
        assertEquals(first, AppFolder.prepare(jar, cache, "app-1"));
        assertTrue(Files.exists(first.dir().resolve("touched")), "the same build is not unpacked again");
        AppFolder second = AppFolder.prepare(jar, cache, "app-2");
        assertTrue(Files.isDirectory(second.dir()));
        assertTrue(Files.notExists(first.dir()), "the older build's folder is removed");
    }

    @Test
    void processesStartedTogetherAllGetOneCompleteFolder(@TempDir Path tmp) throws Exception {
        Path jar = appJar(tmp, "a");
        Path cache = tmp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AppFolder>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> AppFolder.prepare(jar, cache, "app-1")));
            }
            for (Future<AppFolder> f : all) {
                AppFolder app = f.get();
                assertEquals(cache.resolve("app-1"), app.dir());
                assertTrue(Files.isRegularFile(app.properties()));
            }
        } finally {
            pool.shutdown();
        }
        try (var left = Files.list(cache)) {
            assertEquals(List.of(cache.resolve("app-1")), left.toList(), "no partial folders left behind");
        }
    }

    @Test
    void aJarThatIsNoApplicationIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("plain.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(o, new Manifest())) {
            put(out, "x.txt", "x");
        }
        IOException e = assertThrows(IOException.class, () -> Main.runpath(jar, Main.mainAttributes(jar)));
        assertTrue(e.getMessage().contains(jar.toString()) && e.getMessage().contains(Main.RUNPATH), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> AppFolder.prepare(jar, tmp.resolve("c"), "app-1"));
        assertTrue(e2.getMessage().contains("launcher.properties"), e2.getMessage());
    }

    /** The eaf fast path finds its jars among the unpacked bundles by name, or says which is missing. */
    @Test
    void jarsAreFoundByTheirNamesPrefix(@TempDir Path tmp) throws Exception {
        Path jar = appJar(tmp, "marker");
        AppFolder app = AppFolder.prepare(jar, tmp.resolve("cache"), "app-test");
        assertEquals(List.of(app.dir().resolve("jar/b-1.0.jar"), app.dir().resolve("jar/launcher.jar")),
                app.jars(List.of("b-", "launcher")));
        IOException missing = assertThrows(IOException.class, () -> app.jars(List.of("b-", "plugin-model-")));
        assertTrue(missing.getMessage().contains("no plugin-model-*.jar"), missing.getMessage());
        // a bundle with embedded jars is unpacked as a folder, never part of the plain class path
        assertThrows(IOException.class, () -> app.jars(List.of("a-")));
    }
}
