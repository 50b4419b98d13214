package org.autotier.model.eaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EafEditorTest {

    private EafEditor ed;

    @BeforeEach
    void setUp() {
        ed = EafEditor.create("tester");
        ed.addLanguage(new Language("eng", null, "English"));
        ed.putControlledVocabulary(new ControlledVocabulary("emotions", null, null, List.of(), List.of(
                new CvEntry("happy", null, List.of(new CvValue("happy", "eng", null))),
                new CvEntry("sad", null, List.of(new CvValue("sad", "eng", null))))));
        ed.putLinguisticType(new LinguisticType("segment", true, null, false, null, null, null));
        ed.putLinguisticType(new LinguisticType("emotion", false, "Symbolic_Association", false, "emotions", null, null));
        ed.putLinguisticType(new LinguisticType("inside", true, "Included_In", false, null, null, null));
        ed.putLinguisticType(new LinguisticType("words", true, "Time_Subdivision", false, null, null, null));
        ed.putLinguisticType(new LinguisticType("parts", false, "Symbolic_Subdivision", false, null, null, null));
        ed.addTier(Tier.of("seg", "segment", null));
        ed.addTier(Tier.of("emo", "emotion", "seg"));
        ed.addTier(Tier.of("in", "inside", "seg"));
        ed.addTier(Tier.of("w", "words", "seg"));
        ed.addTier(Tier.of("p", "parts", "seg"));
    }

    private static EafProblem.Kind kindOf(Runnable r) {
        return assertThrows(EafRuleException.class, r::run).problem().kind();
    }

    @Test
    void buildsAValidDocumentWithConsistentIds() {
        String s1 = ed.addAlignable("seg", 1000, 2000, "segment one");
        String s2 = ed.addAlignable("seg", 3000, 4000, "");
        String e1 = ed.addReference("emo", s1, "happy");
        ed.addAlignable("in", 1200, 1800, "inside");
        List<String> words = ed.subdivide("w", s1, new long[] {1400, 1700}, List.of("a", "b", "c"));
        ed.addReference("p", s2, "x");
        ed.addReference("p", s2, "y");
        EafDocument doc = ed.build();
        assertEquals(List.of(), EafValidator.validate(doc), "the editor only produces valid documents");
        assertEquals("a1", s1);
        assertEquals(3, words.size());
        assertEquals("happy", doc.tier("emo").orElseThrow().annotations().get(0).cveRef());
        assertEquals(String.valueOf(EafValidator.annotationNumber(words.get(2)) + 2),
                doc.header().property(EafDocument.LAST_USED_ANNOTATION_ID).orElseThrow());
        RefAnnotation second = (RefAnnotation) doc.tier("p").orElseThrow().annotations().get(1);
        assertEquals(doc.tier("p").orElseThrow().annotations().get(0).id(), second.previousAnnotation());
        assertEquals(e1, doc.tier("emo").orElseThrow().annotations().get(0).id());
    }

    @Test
    void symbolicAssociationAllowsOneChildPerParent() {
        String s1 = ed.addAlignable("seg", 0, 500, "");
        ed.addReference("emo", s1, "sad");
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.addReference("emo", s1, "happy")));
    }

    @Test
    void includedInChildrenMustLieInsideAParent() {
        ed.addAlignable("seg", 1000, 2000, "");
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.addAlignable("in", 1500, 2500, "x")));
        ed.addAlignable("in", 1000, 2000, "edges are inside");
    }

    @Test
    void timeSubdivisionIsOnlyAGaplessTiling() {
        String s1 = ed.addAlignable("seg", 1000, 2000, "");
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.addAlignable("w", 1000, 1500, "gap after")));
        assertEquals(EafProblem.Kind.TIME_ORDER, kindOf(() -> ed.subdivide("w", s1, new long[] {2500}, List.of("a", "b"))));
        ed.subdivide("w", s1, new long[] {1500}, List.of("a", "b"));
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.subdivide("w", s1, new long[] {}, List.of("c"))));
    }

    @Test
    void controlledTiersOnlyTakeVocabularyValues() {
        String s1 = ed.addAlignable("seg", 0, 10, "");
        assertEquals(EafProblem.Kind.CV_VIOLATION, kindOf(() -> ed.addReference("emo", s1, "furious")));
        String e = ed.addReference("emo", s1, "happy");
        assertEquals(EafProblem.Kind.CV_VIOLATION, kindOf(() -> ed.setValue(e, "furious")));
        ed.setValue(e, "sad");
        assertEquals("sad", ed.build().tier("emo").orElseThrow().annotations().get(0).cveRef());
    }

    @Test
    void idsStayUniqueAndReferencesMustExist() {
        assertEquals(EafProblem.Kind.DUPLICATE_ID, kindOf(() -> ed.addTier(Tier.of("seg", "segment", null))));
        assertEquals(EafProblem.Kind.DANGLING_REFERENCE, kindOf(() -> ed.addTier(Tier.of("x", "nope", null))));
        assertEquals(EafProblem.Kind.DANGLING_REFERENCE, kindOf(() -> ed.addTier(Tier.of("x", "emotion", "nope"))));
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.addTier(Tier.of("x", "emotion", null))));
        assertEquals(EafProblem.Kind.CONSTRAINT_VIOLATION, kindOf(() -> ed.addTier(Tier.of("x", "segment", "seg"))));
        assertEquals(EafProblem.Kind.DANGLING_REFERENCE, kindOf(() -> ed.addReference("emo", "a99", "happy")));
        assertEquals(EafProblem.Kind.TIME_ORDER, kindOf(() -> ed.addAlignable("seg", 500, 500, "")));
    }

    @Test
    void newIdsContinueAfterLastUsedAnnotationId() throws Exception {
        EafDocument fixture = TestData.fixture("everything-3.0.eaf");
        EafEditor e = EafEditor.edit(fixture);
        String id = e.addAlignable("empty tier", 0, 100, "new");
        assertEquals("a13", id, "lastUsedAnnotationId is 12 in the fixture");
        assertEquals("13", e.build().header().property(EafDocument.LAST_USED_ANNOTATION_ID).orElseThrow());
    }

    @Test
    void removingATierTakesItsDependentsAndFreesOnlyTheirSlots() throws Exception {
        EafDocument fixture = TestData.fixture("everything-3.0.eaf");
        EafEditor e = EafEditor.edit(fixture);
        assertEquals(EafProblem.Kind.DANGLING_REFERENCE, kindOf(() -> e.removeTier("words@CHI")),
                "words a3 and a4 are targets of REF_LINK rl2");
        assertEquals(List.of("gesture@CHI"), e.removeTier("gesture@CHI"));
        EafDocument doc = e.build();
        assertFalse(doc.tier("gesture@CHI").isPresent());
        assertTrue(doc.tier("pos@CHI").isPresent());
        assertTrue(doc.timeSlots().stream().anyMatch(s -> s.id().equals("ts1")), "ts1 is still used by a1");
        assertFalse(doc.timeSlots().stream().anyMatch(s -> s.id().equals("ts7")), "ts7 was used only by a10");

        EafEditor noLinks = EafEditor.edit(new EafDocument(fixture.version(), fixture.format(), fixture.author(),
                fixture.date(), fixture.licenses(), fixture.header(), fixture.timeSlots(), fixture.tiers(),
                fixture.linguisticTypes(), fixture.locales(), fixture.languages(), fixture.constraints(),
                fixture.controlledVocabularies(), fixture.lexiconRefs(), List.of(), fixture.externalRefs()));
        assertEquals(List.of("words@CHI", "morphemes@CHI", "pos@CHI"), noLinks.removeTier("words@CHI"));
        assertFalse(noLinks.build().timeSlots().stream().anyMatch(s -> s.id().equals("ts3")), "ts3 only in words");
        assertEquals(List.of(), EafValidator.validate(doc).stream().filter(EafProblem::isError).toList());
        assertEquals(fixture.tier("utterance@CHI"), doc.tier("utterance@CHI"), "other tiers are untouched");
    }
}
