package org.autotier.elan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers ELAN starts (runLinux/runMac: autotier-recognizer.sh, runWin: the .cmd), run for
 * real from folders whose names have spaces, with a stand-in {@code java} that prints the command
 * line it got and echoes its stdin: which Java each one finds, that the paths arrive whole, and
 * that ELAN's PARAM XML on stdin passes through unchanged. The .sh runs under dash (Debian's
 * /bin/sh) and bash in POSIX mode (macOS's /bin/sh is bash 3.2); the .cmd under Wine's cmd when
 * Wine is installed (.ci/run installs it), and is skipped, saying so, when it is not.
 */
class LaunchersTest {
    private static final Path EXTENSION = Path.of(System.getProperty("autotier.elan.extension"));
    private static final String PARAMS = "<PARAM>\n<param name=\"source\">/Users/x/My Recordings/Ana María.wav</param>\n</PARAM>\n";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private static Run run(Path dir, Map<String, String> env, List<String> unset, String stdin, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroy();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Path extensionCopy(String launcher) throws IOException {
        Path ext = Files.createDirectories(tmp.resolve("My Extensions/autotier"));
        Files.copy(EXTENSION.resolve(launcher), ext.resolve(launcher), StandardCopyOption.COPY_ATTRIBUTES);
        return ext;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    // ---- autotier-recognizer.sh (Linux, macOS) ----

    private Path fakeUnixJava(String folder) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve(folder).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"JAVA $0\"\nfor a in \"$@\"; do echo \"ARG [$a]\"; done\ncat\n");
        assertTrue(java.toFile().setExecutable(true));
        return tmp.resolve(folder);
    }

    private static List<String> shells() {
        List<String> shells = new ArrayList<>();
        if (onPath("dash")) {
            shells.add("dash");
        }
        if (onPath("bash")) {
            shells.add("bash --posix");
        }
        assumeTrue(!shells.isEmpty(), "neither dash nor bash here");
        return shells;
    }

    private static String[] command(String shell, String script) {
        List<String> c = new ArrayList<>(List.of(shell.split(" ")));
        c.add(script);
        return c.toArray(String[]::new);
    }

    @Test
    void theShellLauncherUsesJavaHomeAndKeepsSpacesAndStdin() throws Exception {
        Path ext = extensionCopy("autotier-recognizer.sh");
        Path javaHome = fakeUnixJava("Java Home 17");
        for (String shell : shells()) {
            Run r = run(ext, Map.of("JAVA_HOME", javaHome.toString()), List.of(), PARAMS,
                    command(shell, "./autotier-recognizer.sh"));
            assertEquals(0, r.exit(), shell + ": " + r);
            assertEquals("JAVA " + javaHome.resolve("bin/java") + "\n"
                    + "ARG [-XX:+UseSerialGC]\nARG [-Dautotier.home=" + ext + "]\nARG [-jar]\n"
                    + "ARG [" + ext.resolve("lib/autotier.jar") + "]\nARG [elan-recognizer]\n" + PARAMS, r.out(), shell);
        }
    }

    @Test
    void onMacTheShellLauncherAsksJavaHomeToolWhenJavaHomeIsUnset() throws Exception {
        Path ext = extensionCopy("autotier-recognizer.sh");
        Path javaHome = fakeUnixJava("Library/Java/JavaVirtualMachines/jdk 17/Contents/Home");
        // stands in for macOS's /usr/libexec/java_home, which prints the home of a JDK matching -v
        Path tool = tmp.resolve("java_home");
        Files.writeString(tool, "#!/bin/sh\n[ \"$1 $2\" = \"-v 17+\" ] && echo \"" + javaHome + "\"\n");
        assertTrue(tool.toFile().setExecutable(true));
        for (String shell : shells()) {
            Run r = run(ext, Map.of("AUTOTIER_JAVA_HOME_TOOL", tool.toString()), List.of("JAVA_HOME"), PARAMS,
                    command(shell, "./autotier-recognizer.sh"));
            assertEquals(0, r.exit(), shell + ": " + r);
            assertTrue(r.out().startsWith("JAVA " + javaHome.resolve("bin/java") + "\n"), shell + ": " + r.out());
            assertTrue(r.out().endsWith(PARAMS), r.out());
        }
    }

    @Test
    void theShellLauncherNamesAMissingJava() throws Exception {
        Path ext = extensionCopy("autotier-recognizer.sh");
        for (String shell : shells()) {
            Run r = run(ext, Map.of("JAVA_HOME", tmp.resolve("no such jdk").toString()), List.of(), PARAMS,
                    command(shell, "./autotier-recognizer.sh"));
            assertEquals(127, r.exit(), shell);
            assertTrue(r.err().contains("no Java at " + tmp.resolve("no such jdk/bin/java")), r.err());
        }
    }

    // ---- autotier-recognizer.cmd (Windows) ----

    @Test
    void theCmdLauncherHasCrlfLinesAndFindsJavaAsDocumented() throws IOException {
        String cmd = Files.readString(EXTENSION.resolve("autotier-recognizer.cmd"), StandardCharsets.US_ASCII);
        assertFalse(cmd.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
        assertTrue(cmd.endsWith("\r\n"));
        // the logic the Wine test runs, for machines without Wine: JAVA_HOME first, then PATH
        assertTrue(cmd.contains("set \"JAVA=java\"\r\nif defined JAVA_HOME set \"JAVA=%JAVA_HOME%\\bin\\java\"\r\n"), cmd);
        assertTrue(cmd.contains("\"%JAVA%\" -XX:+UseSerialGC \"-Dautotier.home=%HERE%.\" -jar \"%HERE%lib\\autotier.jar\" elan-recognizer"), cmd);
    }

    private static Path wine() {
        for (Path p : List.of(Path.of("/usr/lib/wine/wine64"), Path.of("/usr/bin/wine64"), Path.of("/usr/bin/wine"))) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String windowsPath(Path unix) {
        return "Z:" + unix.toString().replace('/', '\\');
    }

    private Path fakeWindowsJava(Path dir, String label) throws IOException {
        Files.createDirectories(dir);
        // `more` copies stdin to stdout in Wine's cmd as in Windows'
        Files.writeString(dir.resolve("java.cmd"), "@echo off\r\necho " + label + " %*\r\nmore\r\n");
        return dir;
    }

    @Test
    void theCmdLauncherRunsUnderWineCmd() throws Exception {
        Path wine = wine();
        assumeTrue(wine != null, "Wine is not installed: the .cmd launcher was checked as text only");
        Path ext = extensionCopy("autotier-recognizer.cmd");
        Map<String, String> quiet = Map.of("WINEDEBUG", "-all", "WINEPREFIX", tmp.resolve("wine prefix").toString());
        String expectedArgs = "-XX:+UseSerialGC \"-Dautotier.home=" + windowsPath(ext) + "\\.\" -jar \""
                + windowsPath(ext) + "\\lib\\autotier.jar\" elan-recognizer";

        // JAVA_HOME set, with spaces in it
        Path javaHome = tmp.resolve("Program Files/Eclipse Adoptium/jdk 17");
        fakeWindowsJava(javaHome.resolve("bin"), "JAVA_HOME-java");
        Map<String, String> env = new java.util.HashMap<>(quiet);
        env.put("JAVA_HOME", windowsPath(javaHome));
        Run r = run(ext, env, List.of(), PARAMS, wine.toString(), "cmd", "/c", "autotier-recognizer.cmd");
        assertEquals(0, r.exit(), r.toString());
        // (cmd ends lines with CRLF; the XML's own characters, UTF-8 included, arrive unchanged)
        assertEquals("JAVA_HOME-java " + expectedArgs + "\n" + PARAMS, r.out().replace("\r\n", "\n"), r.toString());

        // JAVA_HOME unset: java from PATH
        Path onPath = fakeWindowsJava(tmp.resolve("Java On Path"), "PATH-java");
        env = new java.util.HashMap<>(quiet);
        env.put("WINEPATH", windowsPath(onPath));
        r = run(ext, env, List.of("JAVA_HOME"), PARAMS, wine.toString(), "cmd", "/c", "autotier-recognizer.cmd");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("PATH-java " + expectedArgs + "\n" + PARAMS, r.out().replace("\r\n", "\n"), r.toString());

        // JAVA_HOME pointing nowhere: named, with a non-zero exit
        env = new java.util.HashMap<>(quiet);
        env.put("JAVA_HOME", windowsPath(tmp.resolve("no such jdk")));
        r = run(ext, env, List.of(), PARAMS, wine.toString(), "cmd", "/c", "autotier-recognizer.cmd");
        assertTrue(r.exit() != 0, r.toString());
        assertTrue(r.err().contains("autotier: no Java at \"" + windowsPath(tmp.resolve("no such jdk")) + "\\bin\\java\""),
                r.toString());
    }
}
