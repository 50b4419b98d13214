package org.autotier.elan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code autotier eaf ...} reads and writes EAF files only, so the application jar's launcher runs
 * it without starting the OSGi framework and without loading the media or model runtimes (a cold
 * {@code eaf info} paid about two thirds of its time for them; docs/benchmarks.md). The ELAN
 * folder's jar is the application jar.
 */
class EafWithoutFrameworkTest {
    private static final String EAF = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT AUTHOR="" DATE="2026-12-01T00:00:00+00:00" FORMAT="3.0" VERSION="3.0">
              <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
              <TIME_ORDER>
                <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
                <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
              </TIME_ORDER>
              <TIER LINGUISTIC_TYPE_REF="default" TIER_ID="speech">
                <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                  <ANNOTATION_VALUE>hello</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
              </TIER>
              <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
            </ANNOTATION_DOCUMENT>
            """;

    @TempDir
    Path tmp;

    @Test
    void eafInfoRunsWithoutTheFrameworkAndTheRuntimes() throws Exception {
        Path jar = Path.of(System.getProperty("autotier.elan.extension")).resolve("lib/autotier.jar");
        Path eaf = Files.writeString(tmp.resolve("tiny.eaf"), EAF);
        Path classes = tmp.resolve("classes.txt");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes, "-jar", jar.toString(), "eaf", "info", eaf.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "eaf info ended");
        assertEquals(0, p.exitValue(), Files.readString(err));
        String printed = Files.readString(out);
        assertTrue(printed.contains("version:  EAF 3.0"), printed);
        assertTrue(printed.contains("annotations: 1 (1 time-aligned, 0 reference)"), printed);
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("org.autotier.model.eaf.io.EafReader")), "the EAF reader ran");
        for (String heavy : List.of("org.apache.felix.", "org.osgi.framework.", "org.bytedeco.", "ai.djl.",
                "ai.onnxruntime.")) {
            assertFalse(loaded.stream().anyMatch(l -> l.contains(" " + heavy)), heavy + " classes were loaded");
        }
    }
}
