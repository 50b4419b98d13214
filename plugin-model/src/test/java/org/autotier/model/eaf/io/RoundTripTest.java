package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.autotier.model.eaf.AlignableAnnotation;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafProblem;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.RefAnnotation;
import org.autotier.model.eaf.RefLink;
import org.autotier.model.eaf.TestData;
import org.autotier.model.eaf.Tier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

    @TempDir
    Path tmp;

    static EafDocument roundTrip(EafDocument doc, EafVersion version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EafWriter.write(doc, out, version, "memory");
        return EafReader.read(new ByteArrayInputStream(out.toByteArray()), "memory");
    }

    @Test
    void fixtureWithEveryElementSurvivesExactly() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        assertEquals(2, doc.licenses().size());
        assertEquals(2, doc.refLinkSets().size());
        assertEquals("rl1", doc.refLinkSets().get(0).links().get(0).id());
        assertTrue(doc.refLinkSets().get(0).links().get(1) instanceof RefLink.Group);
        assertEquals(1, doc.lexiconRefs().size());
        assertEquals(2, doc.header().mediaDescriptors().size());
        assertEquals(Long.valueOf(120), doc.header().mediaDescriptors().get(0).timeOrigin());
        assertEquals(3, doc.header().properties().size());
        assertEquals(null, doc.header().properties().get(2).name());
        String value = doc.tier("utterance@CHI").orElseThrow().annotations().get(0).value();
        assertTrue(value.startsWith("  hello   <world> & ]]> tab\there\nsecond line\r"), value);
        assertTrue(value.endsWith(" ünïcödé 😀 "), value);
        assertEquals("verb\twith tab\nand newline",
                doc.controlledVocabulary("POS").orElseThrow().entries().get(1).values().get(0).description());
        assertEquals("Ann \"A\"", doc.tiers().get(0).annotator());
        assertFalse(doc.timeSlots().get(2).isAligned());

        EafDocument again = roundTrip(doc, EafVersion.V3_0);
        assertEquals(doc, again, "read -> write -> read must give an equal document");
        assertEquals(List.of(), EafValidator.validate(again).stream().filter(EafProblem::isError).toList());
    }

    @Test
    void writtenFixtureValidatesAgainstOfficialSchema() throws Exception {
        assumeTrue(TestData.schemas().isPresent(), "official schemas live in ../shared/data/eaf/schemas");
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        Path out = tmp.resolve("out.eaf");
        EafWriter.write(doc, out, EafVersion.V3_0, false);
        Path xsd = TestData.schemas().get().resolve("EAFv3.0.xsd");
        assertEquals(List.of(), EafSchemas.validate(out, xsd));
    }

    @Test
    void threeZeroOnlyContentIsRefusedForOlderVersions() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        EafVersionException e = org.junit.jupiter.api.Assertions.assertThrows(EafVersionException.class,
                () -> EafWriter.write(doc, tmp.resolve("old.eaf"), EafVersion.V2_8, false));
        assertTrue(e.losses().get(0).contains("REF_LINK_SET"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("old.eaf")), "nothing is written when data would be lost");
        EafVersionException e27 = org.junit.jupiter.api.Assertions.assertThrows(EafVersionException.class,
                () -> EafConversion.toVersion(doc, EafVersion.V2_7, "x"));
        String all = String.join("|", e27.losses());
        assertTrue(all.contains("CVE_REF") && all.contains("LICENSE") && all.contains("LANG_REF"), all);
    }

    @TestFactory
    Stream<DynamicTest> everySharedEafRoundTripsAndValidates() throws Exception {
        List<Path> files = TestData.sharedEafFiles();
        assumeTrue(!files.isEmpty(), "../shared/data/eaf is not present");
        Path schemas = TestData.schemas().orElseThrow();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            EafDocument doc = EafReader.read(f);
            EafVersion same = EafVersion.forWriting(doc.version());
            // same version: identical document
            Path out = tmp.resolve(f.getFileName() + "." + same.text() + ".eaf");
            EafWriter.write(doc, out, same, false);
            assertEquals(doc, EafReader.read(out), "round trip as " + same.text());
            assertEquals(List.of(), EafSchemas.validate(out, schemas.resolve(same.schemaFileName())));
            // to 3.0: equal to the documented conversion, valid against 3.0
            Path out30 = tmp.resolve(f.getFileName() + ".3.0.eaf");
            EafWriter.write(doc, out30, EafVersion.V3_0, false);
            EafDocument read30 = EafReader.read(out30);
            assertEquals(EafConversion.toVersion(doc, EafVersion.V3_0, "x"), read30);
            assertEquals(List.of(), EafSchemas.validate(out30, schemas.resolve("EAFv3.0.xsd")));
            assertEquals(counts(doc), counts(read30), "no annotation, reference or CVE_REF is dropped");
        }));
    }

    @Test
    void pympiSampleKeepsWhatPympiDrops() throws Exception {
        assumeTrue(TestData.sharedData().isPresent());
        EafDocument doc = EafReader.read(TestData.sharedData().get().resolve("eaf/pympi/sample_3.0.eaf"));
        EafDocument again = roundTrip(doc, EafVersion.V3_0);
        assertEquals(List.of(4788L, 3990L, 1200L, 1596L), counts(again));
        assertEquals(7182, again.timeSlots().size());
        assertEquals(1572, again.timeSlots().stream().filter(s -> !s.isAligned()).count());
        assertEquals("8778", again.header().property(EafDocument.LAST_USED_ANNOTATION_ID).orElseThrow());
        assertEquals(5, again.controlledVocabularies().size());
    }

    @Test
    void twoSevenVocabulariesUpgradeTheWayElanDoes() throws Exception {
        assumeTrue(TestData.sharedData().isPresent());
        EafDocument v27 = EafReader.read(TestData.sharedData().get().resolve("eaf/pympi/sample_2.7.eaf"));
        EafDocument v30 = EafConversion.toVersion(v27, EafVersion.V3_0, "x");
        assertEquals("3.0", v30.version());
        var pos = v30.controlledVocabulary("POS").orElseThrow();
        assertEquals("cveid0", pos.entries().get(0).id());
        assertEquals("und", pos.entries().get(0).values().get(0).langRef());
        assertEquals("verb", pos.entries().get(0).values().get(0).description());
        assertEquals("Description", pos.descriptions().get(0).text());
        assertTrue(v30.languages().contains(EafConversion.UNDETERMINED));
        // and back: 2.7 holds everything the upgrade added
        EafDocument back = EafConversion.toVersion(v30, EafVersion.V2_7, "x");
        assertEquals(v27.controlledVocabularies(), back.controlledVocabularies());
    }

    /** aligned, reference, CVE_REF and PREVIOUS_ANNOTATION counts. */
    static List<Long> counts(EafDocument doc) {
        long aligned = 0;
        long refs = 0;
        long cve = 0;
        long prev = 0;
        for (Tier t : doc.tiers()) {
            for (Annotation a : t.annotations()) {
                if (a instanceof AlignableAnnotation) {
                    aligned++;
                } else {
                    refs++;
                    prev += ((RefAnnotation) a).previousAnnotation() != null ? 1 : 0;
                }
                cve += a.cveRef() != null ? 1 : 0;
            }
        }
        return List.of(aligned, refs, cve, prev);
    }
}
