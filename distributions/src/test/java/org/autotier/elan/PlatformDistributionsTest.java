package org.autotier.elan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * Every platform's distribution as a user downloads it: the ELAN zip holds that platform's natives
 * and no other's (looked for through every nested jar), a CMDI whose run commands name launchers
 * in the zip, launchers with their platform's line endings and modes, and an application jar that
 * says which platform it is for. The Linux one is then run end to end as ELAN runs it, from a
 * folder whose path has spaces; macOS and Windows cannot be run here (docs/platforms.md).
 */
class PlatformDistributionsTest {
    private static final Path DIR = Path.of(System.getProperty("autotier.distributions"));

    /** The folder names each library gives a platform's natives, and the file kinds of its libraries. */
    private static final Map<String, Set<String>> MARKERS = Map.of(
            "linux-x86_64", Set.of("linux-x86_64", "linux-x64"),
            "macosx-arm64", Set.of("macosx-arm64", "osx-aarch64"),
            "windows-x86_64", Set.of("windows-x86_64", "win-x64", "win-x86_64"));
    private static final Set<String> ALL_MARKERS = Set.of("linux-x86_64", "linux-x64", "linux-aarch64", "linux-arm64",
            "macosx-arm64", "macosx-x86_64", "osx-aarch64", "osx-x86_64", "osx-x64", "windows-x86_64", "win-x64",
            "win-x86_64", "windows-x86", "linux-ppc64le", "android-arm64");
    private static final Map<String, String> LIBRARY_KIND = Map.of(
            "linux-x86_64", ".so", "macosx-arm64", ".dylib", "windows-x86_64", ".dll");

    @TempDir
    Path tmp;

    /** Native libraries, by path through the nesting (zip!/jar!/jar!/entry), found in an archive. */
    private static void natives(String where, InputStream archive, List<String> found) throws IOException {
        ZipInputStream zip = new ZipInputStream(archive);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String name = e.getName();
            if (name.endsWith(".jar") || name.endsWith(".zip")) {
                natives(where + name + "!/", new ByteArrayInputStream(zip.readAllBytes()), found);
            } else if (!e.isDirectory() && isLibrary(name)) {
                found.add(where + name);
            }
        }
    }

    private static boolean isLibrary(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return file.endsWith(".so") || file.matches(".*\\.so\\.\\d+(\\.\\d+)*") || file.endsWith(".dylib")
                || file.endsWith(".jnilib") || file.endsWith(".dll");
    }

    private static String kind(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.endsWith(".dll") ? ".dll" : file.endsWith(".dylib") || file.endsWith(".jnilib") ? ".dylib" : ".so";
    }

    private static Path zip(String platform) {
        Path zip = DIR.resolve("autotier-elan-" + platform + ".zip");
        assertTrue(Files.isRegularFile(zip), zip + " was not built");
        return zip;
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-x86_64", "macosx-arm64", "windows-x86_64"})
    void eachZipHoldsExactlyItsPlatformsNatives(String platform) throws IOException {
        List<String> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip(platform))) {
            natives("", in, found);
        }
        Set<String> wrong = new TreeSet<>();
        for (String path : found) {
            if (!kind(path).equals(LIBRARY_KIND.get(platform))) {
                wrong.add(path);
            }
            for (String segment : path.split("[/!]")) {
                if (ALL_MARKERS.contains(segment) && !MARKERS.get(platform).contains(segment)) {
                    wrong.add(path);
                }
            }
        }
        assertTrue(wrong.isEmpty(), platform + " carries another platform's natives: " + wrong);
        // and it has every library autotier needs: FFmpeg, JavaCPP's JNI, ONNX Runtime, PyTorch, DJL's JNI
        for (String needed : List.of("avcodec", "jniavcodec", "jnijavacpp", "onnxruntime", "onnxruntime4j_jni", "torch_cpu",
                "djl_torch")) {
            assertTrue(found.stream().anyMatch(p -> p.substring(p.lastIndexOf('/') + 1).matches(
                    "(lib)?" + needed + "([.-].*)?" + "\\" + LIBRARY_KIND.get(platform) + "(\\.\\d+)*")),
                    platform + " lacks " + needed + ": " + found);
        }
        System.out.printf("%s: %d native libraries, e.g. %s%n", platform, found.size(), found.subList(0, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-x86_64", "macosx-arm64", "windows-x86_64"})
    void eachZipIsAWholeElanExtension(String platform) throws Exception {
        try (ZipFile zip = ZipFile.builder().setPath(zip(platform)).get()) {
            Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                entries.put(entry.getName(), entry);
            }
            for (String file : List.of("autotier/autotier.cmdi", "autotier/autotier.html", "autotier/lib/autotier.jar",
                    "autotier/models/emotion-audio/model.json")) {
                assertTrue(entries.containsKey(file), platform + " lacks " + file);
            }
            // ELAN runs the platform's command, split on whitespace, in the extension folder
            var f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Element recognizer;
            try (InputStream in = zip.getInputStream(entries.get("autotier/autotier.cmdi"))) {
                recognizer = (Element) f.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "recognizer").item(0);
            }
            for (String os : List.of("runLinux", "runMac", "runWin")) {
                String launcher = recognizer.getAttribute(os).trim().split("\\s+")[0].replaceFirst("^\\./", "");
                assertTrue(entries.containsKey("autotier/" + launcher), platform + ": " + os + " names " + launcher
                        + ", which is not in the zip");
            }
            String cmd = new String(zip.getInputStream(entries.get("autotier/autotier-recognizer.cmd")).readAllBytes(),
                    StandardCharsets.US_ASCII);
            assertFalse(cmd.replace("\r\n", "").contains("\n"), "the .cmd has CRLF line endings");
            ZipArchiveEntry sh = entries.get("autotier/autotier-recognizer.sh");
            String script = new String(zip.getInputStream(sh).readAllBytes(), StandardCharsets.US_ASCII);
            assertFalse(script.contains("\r"), "the .sh has LF line endings");
            assertTrue(script.startsWith("#!/bin/sh\n"));
            assertEquals(0755, sh.getUnixMode() & 0777, "the .sh is executable once unzipped");

            try (JarInputStream app = new JarInputStream(zip.getInputStream(entries.get("autotier/lib/autotier.jar")))) {
                assertEquals(platform, app.getManifest().getMainAttributes().getValue("Autotier-Platform"));
                assertEquals("org.autotier.launcher.Main", app.getManifest().getMainAttributes().getValue("Main-Class"));
            }
        }
    }

    @Test
    void anotherPlatformsApplicationSaysWhichItIsAndStops() throws Exception {
        Path windows = DIR.resolve("autotier-windows-x86_64.jar");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                windows.toString(), "--version").redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
        // the launcher stops before any bundle starts; were it to go on, the framework would wait for bundles
        // that cannot resolve here
        boolean ended = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        p.destroyForcibly();
        String out = Files.readString(tmp.resolve("out"));
        assertTrue(ended, "still running after 60 s: " + out);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("this is the autotier distribution for windows-x86_64"), out);
        assertTrue(out.contains("Supported: linux-x86_64, macosx-arm64, windows-x86_64"), out);
    }

    /** Unzips as a user does, keeping the executable bit. */
    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (Enumeration<ZipArchiveEntry> e = z.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                if ((entry.getUnixMode() & 0100) != 0) {
                    assertTrue(target.toFile().setExecutable(true));
                }
            }
        }
    }

    @Test
    void theLinuxZipRunsAsElanRunsItFromAFolderWithSpaces() throws Exception {
        assumeTrue(LocalRecognizerHarness.commandExists("espeak-ng"), "espeak-ng is not installed");
        Path extensions = Files.createDirectories(tmp.resolve("ELAN 6.9/lib/app/extensions"));
        unzip(zip("linux-x86_64"), extensions);
        LocalRecognizerHarness elan = new LocalRecognizerHarness(extensions.resolve("autotier"), "autotier.cmdi");

        Path recordings = Files.createDirectories(tmp.resolve("My Recordings/Ana María"));
        Path wav = recordings.resolve("story time.wav");
        Process say = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "Shall we read the story about the bear?")
                .redirectErrorStream(true).start();
        say.getInputStream().readAllBytes();
        assertEquals(0, say.waitFor());
        Map<String, String> params = new LinkedHashMap<>(elan.defaults());
        params.put("source", wav.toString());
        for (String tier : List.of("segments_tier", "emotion_tier", "confidence_tier", "flags_tier")) {
            params.put(tier, recordings.resolve(tier.replace('_', ' ') + ".xml").toString());
        }
        LocalRecognizerHarness.Run run = elan.run(params, 300);
        assertEquals("DONE.", run.result(), String.join("\n", run.lines()));
        assertEquals(0, run.exitCode());
        var segments = LocalRecognizerHarness.readTiers(recordings.resolve("segments tier.xml")).get("autotier-speech-face");
        var emotion = LocalRecognizerHarness.readTiers(recordings.resolve("emotion tier.xml")).get("autotier-emotion");
        assertFalse(segments.isEmpty(), "the speech gave segments");
        assertEquals(segments.size(), emotion.size());
        assertTrue(emotion.stream().allMatch(s -> !s.value().isBlank()), emotion.toString());
    }
}
