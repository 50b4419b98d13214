package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL at a random moment, again and again, while it rewrites an EAF:
 * afterwards the file is always a complete EAF, the old one or the new one, never a broken one.
 */
class CrashSafetyTest {
    @TempDir
    Path tmp;

    /** A document big enough (a few MB) that a kill often lands inside a write. */
    static EafDocument document(String value) {
        EafEditor ed = EafEditor.create("crash-test");
        ed.putLinguisticType(new LinguisticType("lt", true, null, false, null, null, null));
        ed.addTier(Tier.of("words", "lt", null));
        for (int i = 0; i < 20_000; i++) {
            ed.addAlignable("words", i * 100L, i * 100L + 90, value + " " + i);
        }
        return ed.build();
    }

    /** The victim: rewrites the file forever, alternating two versions. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        EafDocument a = document("alpha");
        EafDocument b = document("beta");
        System.out.println("ready");
        System.out.flush();
        for (long i = 0;; i++) {
            EafWriter.write(i % 2 == 0 ? b : a, target);
        }
    }

    @Test
    void killedMidWriteLeavesTheOldOrTheNewFile() throws Exception {
        Path target = tmp.resolve("session.eaf");
        EafDocument a = document("alpha");
        EafDocument b = document("beta");
        EafWriter.write(a, target);
        String cp = Path.of(CrashSafetyTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + java.io.File.pathSeparator
                + Path.of(EafWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(7);
        int sawA = 0;
        int sawB = 0;
        for (int round = 0; round < 12; round++) {
            Process p = new ProcessBuilder(java, "-cp", cp, CrashSafetyTest.class.getName(), target.toString())
                    .redirectErrorStream(true).start();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertTrue("ready".equals(out.readLine()), "the writer process started");
            Thread.sleep(50 + random.nextInt(400));
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            EafDocument now = EafReader.read(target); // throws if the file is broken
            // the writer process builds its own copies (their header dates differ): compare the content
            boolean isA = now.tiers().equals(a.tiers());
            boolean isB = now.tiers().equals(b.tiers());
            assertTrue(isA || isB, "round " + round + ": neither the old nor the new file");
            sawA += isA ? 1 : 0;
            sawB += isB ? 1 : 0;
            Path bak = AtomicFiles.backupOf(target);
            if (Files.exists(bak)) {
                EafDocument backup = EafReader.read(bak);
                assertTrue(backup.tiers().equals(a.tiers()) || backup.tiers().equals(b.tiers()), "the backup is whole too");
            }
        }
        try (var files = Files.list(tmp)) {
            List<Path> left = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            // a kill can leave a temporary file behind; it is never the EAF itself, and the next write ignores it
            System.out.printf("12 kills: file was the %s version %d times, %s %d times; %d stray temp file(s)%n",
                    "alpha", sawA, "beta", sawB, left.size());
        }
    }
}
