package org.autotier.model.eaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken documents are reported with the right kind and place. */
class EafValidatorTest {

    private static List<EafProblem> errors(EafDocument doc) {
        return EafValidator.validate(doc).stream().filter(EafProblem::isError).toList();
    }

    private static EafDocument replaceTier(EafDocument doc, String id, Tier replacement) {
        List<Tier> tiers = new ArrayList<>(doc.tiers());
        tiers.replaceAll(t -> t.id().equals(id) ? replacement : t);
        return doc.withTiers(tiers);
    }

    @Test
    void fixtureIsValid() throws Exception {
        assertEquals(List.of(), EafValidator.validate(TestData.fixture("everything-3.0.eaf")));
    }

    @Test
    void danglingReferencesAreFound() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        Tier pos = doc.tier("pos@CHI").orElseThrow();
        RefAnnotation a8 = (RefAnnotation) pos.annotations().get(0);
        Tier broken = pos.withAnnotations(List.of(new RefAnnotation(a8.id(), "a404", null, "n", null, "xx", null),
                pos.annotations().get(1)));
        List<EafProblem> problems = errors(replaceTier(doc, "pos@CHI", broken));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.kind() == EafProblem.Kind.DANGLING_REFERENCE));
        assertTrue(problems.get(0).where().contains("ANNOTATION \"a8\""), problems.get(0).where());
    }

    @Test
    void brokenConstraintsAreFound() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        Tier words = doc.tier("words@CHI").orElseThrow();
        // drop the middle word: the subdivision of a1 now has a gap
        Tier gappy = words.withAnnotations(List.of(words.annotations().get(0), words.annotations().get(2)));
        List<EafProblem> p1 = errors(replaceTier(doc, "words@CHI", gappy));
        assertTrue(p1.stream().anyMatch(p -> p.kind() == EafProblem.Kind.CONSTRAINT_VIOLATION
                && p.message().contains("gap")), p1.toString());
        // a gesture outside its parent
        Tier gesture = doc.tier("gesture@CHI").orElseThrow();
        Tier outside = gesture.withAnnotations(List.of(new AlignableAnnotation("a10", "ts4", "ts5", "late", null,
                null, null, null)));
        EafDocument moved = replaceTier(doc, "gesture@CHI", outside);
        List<EafProblem> p2 = errors(moved);
        assertTrue(p2.stream().anyMatch(p -> p.message().contains("Included_In")), p2.toString());
        // two associations for one parent
        Tier pos = doc.tier("pos@CHI").orElseThrow();
        Tier doubled = pos.withAnnotations(List.of(pos.annotations().get(0), new RefAnnotation("a11", "a6", null, "v",
                null, null, null)));
        List<EafProblem> p3 = errors(replaceTier(doc, "pos@CHI", doubled));
        assertTrue(p3.stream().anyMatch(p -> p.message().contains("Symbolic_Association")), p3.toString());
    }

    @Test
    void staleLastUsedIdAndForeignCvValuesAreFound() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        EafDocument stale = EafEditor.edit(doc).setProperty(EafDocument.LAST_USED_ANNOTATION_ID, "3").build();
        // build() repairs the counter, so make the stale header by hand
        Header h = new Header(doc.header().mediaFile(), doc.header().timeUnits(), doc.header().mediaDescriptors(),
                doc.header().linkedFiles(), List.of(new Property(EafDocument.LAST_USED_ANNOTATION_ID, "3")));
        EafDocument bad = new EafDocument(doc.version(), doc.format(), doc.author(), doc.date(), doc.licenses(), h,
                doc.timeSlots(), doc.tiers(), doc.linguisticTypes(), doc.locales(), doc.languages(), doc.constraints(),
                doc.controlledVocabularies(), doc.lexiconRefs(), doc.refLinkSets(), doc.externalRefs());
        assertEquals(EafProblem.Kind.LAST_USED_ID, errors(bad).get(0).kind());
        assertEquals("12", stale.header().property(EafDocument.LAST_USED_ANNOTATION_ID).orElseThrow());

        Tier pos = doc.tier("pos@CHI").orElseThrow();
        Tier foreign = pos.withAnnotations(List.of(new RefAnnotation("a8", "a6", null, "adverb", null, null, null),
                pos.annotations().get(1)));
        assertEquals(EafProblem.Kind.CV_VIOLATION, errors(replaceTier(doc, "pos@CHI", foreign)).get(0).kind());
    }
}
