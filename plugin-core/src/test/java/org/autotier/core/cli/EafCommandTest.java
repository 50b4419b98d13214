package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafConversion;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EafCommandTest {

    @TempDir
    Path tmp;

    private String savedSchemas;

    /** A small valid EAF 3.0 with two tiers, written by this test. */
    private Path tinyEaf() throws IOException {
        Path f = tmp.resolve("tiny.eaf");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ANNOTATION_DOCUMENT AUTHOR="me" DATE="2026-01-01T00:00:00+00:00" FORMAT="3.0" VERSION="3.0">
                    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
                        <MEDIA_DESCRIPTOR MEDIA_URL="file:///x/clip.mp4" MIME_TYPE="video/mp4"/>
                        <PROPERTY NAME="lastUsedAnnotationId">2</PROPERTY>
                    </HEADER>
                    <TIME_ORDER>
                        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
                        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
                    </TIME_ORDER>
                    <TIER LINGUISTIC_TYPE_REF="default" PARTICIPANT="CHI" TIER_ID="speech">
                        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                            <ANNOTATION_VALUE>hi</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
                    </TIER>
                    <TIER LINGUISTIC_TYPE_REF="assoc" PARENT_REF="speech" TIER_ID="note">
                        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a2" ANNOTATION_REF="a1">
                            <ANNOTATION_VALUE>greeting</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
                    </TIER>
                    <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
                    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="assoc" TIME_ALIGNABLE="false"/>
                    <CONSTRAINT STEREOTYPE="Symbolic_Association"/>
                </ANNOTATION_DOCUMENT>
                """);
        return f;
    }

    private static Path sharedData() {
        String p = System.getProperty("autotier.shared.data");
        return p == null ? null : Paths.get(p);
    }

    @BeforeEach
    void pointAtSchemas() {
        savedSchemas = System.getProperty("autotier.eaf.schemas");
        Path shared = sharedData();
        if (shared != null && Files.isDirectory(shared.resolve("eaf/schemas"))) {
            System.setProperty("autotier.eaf.schemas", shared.resolve("eaf/schemas").toString());
        }
    }

    @AfterEach
    void restore() {
        if (savedSchemas == null) {
            System.clearProperty("autotier.eaf.schemas");
        } else {
            System.setProperty("autotier.eaf.schemas", savedSchemas);
        }
    }

    @Test
    void infoListsTiersTypesCountsMediaAndVersion() throws Exception {
        CliRun r = CliRun.of("eaf", "info", tinyEaf().toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("version:  EAF 3.0"), r.out());
        assertTrue(r.out().contains("media:    file:///x/clip.mp4 (video/mp4)"), r.out());
        assertTrue(r.out().contains("annotations: 2 (1 time-aligned, 1 reference)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+speech\\s+1\\s+default\\s+-\\s+CHI")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+note\\s+1\\s+assoc\\s+speech\\s+-")), r.out());
        assertTrue(r.out().contains("Symbolic_Association"), r.out());
    }

    @Test
    void validateExitsZeroWhenValidAndOneWithALinePerProblem() throws Exception {
        Path ok = tinyEaf();
        CliRun good = CliRun.of("eaf", "validate", ok.toString());
        assertEquals(0, good.exitCode(), good.out());
        assertTrue(good.out().contains(": valid"), good.out());

        Path bad = tmp.resolve("bad.eaf");
        Files.writeString(bad, Files.readString(ok).replace("ANNOTATION_REF=\"a1\"", "ANNOTATION_REF=\"a9\"")
                .replace(
                        "<PROPERTY NAME=\"lastUsedAnnotationId\">2</PROPERTY>",
                        "<PROPERTY NAME=\"lastUsedAnnotationId\">1</PROPERTY>"));
        CliRun r = CliRun.of("eaf", "validate", bad.toString());
        assertEquals(1, r.exitCode(), r.out());
        // ELAN's rules; the official XSD (present on CI) adds its own line for the IDREF
        List<String> errors = r.out().lines().filter(l -> l.startsWith("error ") && !l.contains("[SCHEMA]")).toList();
        assertEquals(2, errors.size(), r.out());
        assertTrue(errors.get(0).contains("[DANGLING_REFERENCE]") && errors.get(0).contains("\"a9\""), errors.get(0));
        assertTrue(errors.get(1).contains("[LAST_USED_ID]"), errors.get(1));
        assertTrue(r.out().contains(": invalid"), r.out());
    }

    @Test
    void malformedFileGetsFileLineAndColumnButNoStackTrace() throws Exception {
        Path broken = tmp.resolve("broken.eaf");
        Files.writeString(broken, "<ANNOTATION_DOCUMENT VERSION=\"3.0\">\n<HEADER>\n</ANNOTATION_DOCUMENT>");
        CliRun v = CliRun.of("eaf", "validate", broken.toString());
        assertEquals(1, v.exitCode());
        assertTrue(v.out().contains(broken + ": line 3, column"), v.out());
        CliRun i = CliRun.of("eaf", "info", broken.toString());
        assertEquals(1, i.exitCode());
        assertTrue(i.err().startsWith("autotier: " + broken + ": line 3"), i.err());
        assertFalse(i.err().contains("\tat "), "no stack trace for users: " + i.err());
    }

    @Test
    void convertWritesTheRequestedVersionAndKeepsABackup() throws Exception {
        Path in = tinyEaf();
        Path out = tmp.resolve("out.eaf");
        Files.writeString(out, "old");
        CliRun r = CliRun.of("eaf", "convert", in.toString(), out.toString(), "--version", "2.7");
        assertEquals(0, r.exitCode(), r.err());
        EafDocument written = EafReader.read(out);
        assertEquals("2.7", written.version());
        assertEquals(EafReader.read(in).withVersion("2.7"), written);
        assertEquals("old", Files.readString(tmp.resolve("out.eaf.bak")));
        CliRun wrong = CliRun.of("eaf", "convert", in.toString(), out.toString(), "--version", "4.1");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("unsupported EAF version \"4.1\""), wrong.err());
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"eaf", "--help"},
                new String[] {"eaf", "info", "--help"}, new String[] {"eaf", "validate", "--help"},
                new String[] {"eaf", "convert", "--help"})) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exitCode(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: "), r.out());
        }
        assertEquals(2, CliRun.of("eaf", "nonsense").exitCode(), "usage errors exit with 2");
    }

    /**
     * The launcher runs {@code eaf} without the framework and with the eaf commands alone
     * (EafMain): what it prints and returns is what the whole command line gives.
     */
    @Test
    void theEafCommandsAloneBehaveAsTheWholeCommandLine() throws Exception {
        Path ok = tinyEaf();
        Path broken = tmp.resolve("broken.eaf");
        Files.writeString(broken, "<ANNOTATION_DOCUMENT><bad");
        Path out = tmp.resolve("converted.eaf");
        for (String[] args : List.of(new String[] {"eaf", "info", ok.toString()},
                new String[] {"eaf", "validate", ok.toString()}, new String[] {"eaf", "info", broken.toString()},
                new String[] {"eaf", "info", tmp.resolve("missing.eaf").toString()},
                new String[] {"eaf", "--help"}, new String[] {"eaf", "info", "--help"}, new String[] {"eaf", "nonsense"},
                new String[] {"eaf", "--version"}, new String[] {"eaf"})) {
            CliRun whole = CliRun.of(args);
            CliRun alone = CliRun.eafAlone(args);
            String at = String.join(" ", args);
            assertEquals(whole.exitCode(), alone.exitCode(), at);
            assertEquals(whole.out(), alone.out(), at);
            assertEquals(whole.err(), alone.err(), at);
        }
        CliRun converted = CliRun.eafAlone("eaf", "convert", ok.toString(), out.toString(), "--version", "2.8");
        assertEquals(0, converted.exitCode(), converted.err());
        assertEquals("2.8", EafReader.read(out).version());
        assertThrows(IllegalArgumentException.class, () -> CliRun.eafAlone("run", ok.toString()));
    }

    /** Every shared sample: validate passes, convert to 3.0 writes a file that xmllint accepts. */
    @Test
    void everySharedSampleValidatesAndConvertsToSchemaValidEaf() throws Exception {
        Path shared = sharedData();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("eaf")), "../shared/data is not present");
        List<Path> files;
        try (Stream<Path> s = Files.walk(shared.resolve("eaf"))) {
            files = s.filter(f -> f.toString().endsWith(".eaf")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        boolean xmllint = hasXmllint();
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            CliRun v = CliRun.of("eaf", "validate", f.toString());
            if (v.exitCode() != 0) {
                failures.add("validate " + f + ": " + v.out());
            }
            for (EafVersion version : List.of(EafVersion.V3_0, EafVersion.forWriting(EafReader.read(f).version()))) {
                Path out = tmp.resolve(f.getFileName() + "-" + version.text() + ".eaf");
                CliRun c = CliRun.of("eaf", "convert", f.toString(), out.toString(), "--version", version.text());
                if (c.exitCode() != 0) {
                    failures.add("convert " + f + ": " + c.err());
                    continue;
                }
                assertEquals(EafConversion.toVersion(EafReader.read(f), version, "x"), EafReader.read(out));
                if (xmllint) {
                    Path xsd = shared.resolve("eaf/schemas/" + version.schemaFileName());
                    Process p = new ProcessBuilder("xmllint", "--noout", "--schema", xsd.toString(), out.toString())
                            .redirectErrorStream(true).start();
                    String log = new String(p.getInputStream().readAllBytes());
                    p.waitFor(60, TimeUnit.SECONDS);
                    if (p.exitValue() != 0) {
                        failures.add("xmllint " + out + ": " + log);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    private static boolean hasXmllint() {
        try {
            Process p = new ProcessBuilder("xmllint", "--version").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                in.readAllBytes();
            }
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
