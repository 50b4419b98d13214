package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.TestData;
import org.autotier.model.eaf.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real "disk full": a child JVM whose file size limit ({@code ulimit -f}) is smaller than the
 * document, so the kernel refuses the write halfway (EFBIG; the JVM ignores SIGXFSZ). The user's
 * existing EAF must be byte for byte as it was, no temporary file may remain, and the error must
 * name the file and the cause.
 */
class FullDiskTest {

    @TempDir
    Path tmp;

    /** The child: writes a large version of the fixture over TARGET and prints what happened. */
    public static void main(String[] args) throws Exception {
        EafDocument doc = EafReader.read(Path.of(args[0]));
        try {
            EafWriter.write(large(doc), Path.of(args[1]));
            System.out.println("WRITTEN");
        } catch (EafException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(3);
        }
    }

    /** The document with a tier of 5,000 annotations added (well over 64 KB as EAF). */
    static EafDocument large(EafDocument doc) {
        EafEditor e = EafEditor.edit(doc);
        String type = e.linguisticType(doc.tiers().stream().filter(t -> t.parentRef() == null).findFirst()
                .orElseThrow().linguisticTypeRef()).orElseThrow().id();
        e.addTier(new Tier("big", null, null, type, null, null, null, null, List.of()));
        for (int i = 0; i < 5000; i++) {
            e.addAlignable("big", i * 100L, i * 100L + 50, "a long enough annotation value " + i);
        }
        return e.build();
    }

    @Test
    void aWriteRefusedHalfwayLeavesTheUsersFileAsItWasAndSaysWhy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        Path fixture = TestData.fixturePath("everything-3.0.eaf", tmp);
        Path target = tmp.resolve("reviewed.eaf");
        Files.copy(fixture, target);
        byte[] before = Files.readAllBytes(target);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // 64 KB: the JVM starts, the fixture (a few KB) can be rewritten, the large document cannot
        Process p = new ProcessBuilder("/bin/bash", "-c", "ulimit -f 64; exec \"$0\" -cp \"$1\" "
                + FullDiskTest.class.getName() + " \"$2\" \"$3\"", java, System.getProperty("java.class.path"),
                fixture.toString(), target.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(3, code, output);
        assertTrue(output.contains("ERROR " + target) && output.contains("a file size limit or quota refuses it")
                && output.contains("File too large") && output.contains("unchanged"), output);
        assertArrayEquals(before, Files.readAllBytes(target), "the user's file is untouched");
        try (var files = Files.list(tmp)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            // (the backup is taken only once the new content is safely on disk: none here)
            assertEquals(List.of("everything-3.0.eaf", "reviewed.eaf"), names, "no temporary file remains");
        }
        assertNotEquals(0, before.length);
    }
}
