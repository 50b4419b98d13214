package org.autotier.bundleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published bundle set is enough: the README's list, the folder and its repository index
 * agree, and a plain Equinox or Felix framework that installs exactly those bundles, with no
 * autotier.home and no settings, auto-suggests a recording with the model from the model bundle.
 */
class BundleSetTest {
    private static final Path SET = Path.of(System.getProperty("autotier.bundle.set"));
    /** The bundles the README and docs/host-spi.md name, by symbolic name. */
    static final Set<String> DOCUMENTED = Set.of("plugin-model", "runtime-media", "runtime-djl", "model-emotion-audio",
            "plugin-core", "plugin-ui", "org.apache.felix.scr", "org.osgi.service.component", "org.osgi.util.promise",
            "org.osgi.util.function", "org.apache.felix.configadmin", "org.apache.felix.metatype",
            "org.osgi.service.log", "picocli", "com.fasterxml.jackson.core.jackson-annotations",
            "com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-databind");

    @TempDir
    Path tmp;

    private static List<Path> jars() throws Exception {
        try (Stream<Path> files = Files.list(SET)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String symbolicName(Path jar) throws Exception {
        try (var j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
        }
    }

    @Test
    void theFolderTheIndexAndTheReadmeNameTheSameBundles() throws Exception {
        Set<String> inFolder = new TreeSet<>();
        for (Path jar : jars()) {
            inFolder.add(symbolicName(jar));
        }
        assertEquals(new TreeSet<>(DOCUMENTED), inFolder);

        String index = Files.readString(SET.resolve("index.xml"), StandardCharsets.UTF_8);
        for (Path jar : jars()) {
            assertTrue(index.contains("value='" + symbolicName(jar) + "'") || index.contains("value=\"" + symbolicName(jar) + "\""),
                    "index.xml lists " + symbolicName(jar));
            assertTrue(index.contains(jar.getFileName().toString()), "index.xml points at " + jar.getFileName());
        }
        // the README's list of bundles is this one
        String readme = Files.readString(Path.of(System.getProperty("autotier.repo.root"), "README.md"));
        for (String bsn : DOCUMENTED) {
            assertTrue(readme.contains("`" + bsn + "`"), "README names " + bsn);
        }
    }

    private static Path speech(Path dir) throws Exception {
        Path wav = dir.resolve("story time.wav");
        Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "Shall we read the story about the bear?")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return wav;
    }

    private static boolean espeak() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "espeak-ng")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.eclipse.osgi", "org.apache.felix.framework"})
    void aPlainFrameworkWithExactlyTheSetAutoSuggests(String frameworkJar) throws Exception {
        assumeTrue(espeak(), "espeak-ng is not installed");
        String framework = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> Path.of(e).getFileName().toString().startsWith(frameworkJar + "-")).findFirst().orElseThrow();
        Path media = speech(Files.createDirectories(tmp.resolve("My Recordings")));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", framework + File.pathSeparator + IntegratorHost.classpathEntry(),
                IntegratorHost.class.getName(), SET.toString(), tmp.resolve("framework storage").toString(),
                media.toString());
        Path out = tmp.resolve("host.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("AUTOTIER_JAVA_OPTS");
        Process host = pb.start();
        boolean ended = host.waitFor(10, TimeUnit.MINUTES);
        host.destroyForcibly();
        String log = Files.readString(out);
        assertTrue(ended, "the host did not finish:\n" + log);
        assertEquals(0, host.exitValue(), log);

        List<String> lines = log.lines().toList();
        assertTrue(lines.get(0).startsWith("FRAMEWORK " + frameworkJar), log);
        List<String> notActive = lines.stream().filter(l -> l.startsWith("BUNDLE ") && !l.endsWith(" ACTIVE")).toList();
        assertTrue(notActive.isEmpty(), "every bundle starts: " + notActive + "\n" + log);
        int count = Integer.parseInt(lines.stream().filter(l -> l.startsWith("SUGGESTIONS ")).findFirst().orElseThrow()
                .substring("SUGGESTIONS ".length()));
        assertTrue(count >= 1, "the speech got a suggestion:\n" + log);
        List<String> models = lines.stream().filter(l -> l.startsWith("MODEL ")).collect(Collectors.toList());
        assertFalse(models.isEmpty(), "the model came from the model bundle, unpacked into the framework's storage:\n" + log);
        assertTrue(models.get(0).contains("emotion-audio-"), models.toString());
        assertTrue(lines.contains("SIDECAR story time.autotier.json true"), log);
        assertTrue(lines.contains("SIDECAR story time.autotier.csv true"), log);
        assertTrue(lines.contains("STOPPED"), log);
    }
}
