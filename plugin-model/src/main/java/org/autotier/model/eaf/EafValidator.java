package org.autotier.model.eaf;

import static org.autotier.model.eaf.EafProblem.Kind.CONSTRAINT_VIOLATION;
import static org.autotier.model.eaf.EafProblem.Kind.CV_VIOLATION;
import static org.autotier.model.eaf.EafProblem.Kind.DANGLING_REFERENCE;
import static org.autotier.model.eaf.EafProblem.Kind.DUPLICATE_ID;
import static org.autotier.model.eaf.EafProblem.Kind.LAST_USED_ID;
import static org.autotier.model.eaf.EafProblem.Kind.TIME_ORDER;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the rules ELAN relies on but the XSD cannot express: references that resolve, the four
 * constraint stereotypes, controlled vocabularies, unique IDs and {@code lastUsedAnnotationId}.
 *
 * <p>Times of unaligned slots are unknown, so time rules are checked only where both ends are
 * aligned; slot identity is used for Time_Subdivision tiling, as ELAN shares slots there.
 */
public final class EafValidator {

    private EafValidator() {
    }

    /** All problems in the document, errors and warnings, in document order. */
    public static List<EafProblem> validate(EafDocument doc) {
        return new Run(doc).check();
    }

    /** The number in an ELAN annotation ID "a123", or -1 when the ID has another form. */
    public static long annotationNumber(String id) {
        if (id.length() < 2 || id.charAt(0) != 'a') {
            return -1;
        }
        long n = 0;
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9' || i > 18) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static final class Run {
        private final EafDocument doc;
        private final List<EafProblem> problems = new ArrayList<>();
        private final Map<String, TimeSlot> slots = new HashMap<>();
        private final Map<String, Tier> tiers = new HashMap<>();
        private final Map<String, LinguisticType> types = new HashMap<>();
        private final Map<String, ControlledVocabulary> cvs = new HashMap<>();
        /** annotation id -> tier id */
        private final Map<String, String> annotationTier = new HashMap<>();
        private final Map<String, Annotation> annotations = new HashMap<>();
        private final Set<String> extRefs = new HashSet<>();
        private final Set<String> languages = new HashSet<>();
        private final Set<String> locales = new HashSet<>();
        private final Set<String> lexicons = new HashSet<>();
        private final Set<String> constraints = new HashSet<>();

        Run(EafDocument doc) {
            this.doc = doc;
        }

        List<EafProblem> check() {
            index();
            checkTypes();
            checkVocabularies();
            for (Tier tier : doc.tiers()) {
                checkTier(tier);
            }
            checkRefLinks();
            checkLastUsedId();
            return problems;
        }

        private void error(EafProblem.Kind kind, String where, String message) {
            problems.add(EafProblem.error(kind, where, message));
        }

        private static String tierAt(Tier t) {
            return "TIER \"" + t.id() + "\"";
        }

        private static String annAt(Tier t, Annotation a) {
            return "TIER \"" + t.id() + "\" / ANNOTATION \"" + a.id() + "\"";
        }

        private <T> void unique(Map<String, T> map, String key, T value, String what) {
            if (map.putIfAbsent(key, value) != null) {
                error(DUPLICATE_ID, what + " \"" + key + "\"", what + " ID is used more than once");
            }
        }

        private void unique(Set<String> set, String key, String what) {
            if (!set.add(key)) {
                error(DUPLICATE_ID, what + " \"" + key + "\"", what + " ID is used more than once");
            }
        }

        private void index() {
            for (TimeSlot s : doc.timeSlots()) {
                unique(slots, s.id(), s, "TIME_SLOT");
            }
            for (Tier t : doc.tiers()) {
                unique(tiers, t.id(), t, "TIER");
                for (Annotation a : t.annotations()) {
                    if (annotations.putIfAbsent(a.id(), a) != null) {
                        error(DUPLICATE_ID, annAt(t, a), "ANNOTATION_ID is used more than once");
                    } else {
                        annotationTier.put(a.id(), t.id());
                    }
                }
            }
            for (LinguisticType lt : doc.linguisticTypes()) {
                unique(types, lt.id(), lt, "LINGUISTIC_TYPE");
            }
            for (ControlledVocabulary cv : doc.controlledVocabularies()) {
                unique(cvs, cv.id(), cv, "CONTROLLED_VOCABULARY");
            }
            for (ExternalRef e : doc.externalRefs()) {
                unique(extRefs, e.id(), "EXTERNAL_REF");
            }
            for (Language l : doc.languages()) {
                unique(languages, l.id(), "LANGUAGE");
            }
            for (EafLocale l : doc.locales()) {
                unique(locales, l.languageCode(), "LOCALE");
            }
            for (LexiconRef l : doc.lexiconRefs()) {
                unique(lexicons, l.id(), "LEXICON_REF");
            }
            for (Constraint c : doc.constraints()) {
                unique(constraints, c.stereotype(), "CONSTRAINT");
                if (Stereotype.fromXml(c.stereotype()).isEmpty()) {
                    error(CONSTRAINT_VIOLATION, "CONSTRAINT \"" + c.stereotype() + "\"",
                            "unknown stereotype; ELAN knows Time_Subdivision, Included_In, "
                                    + "Symbolic_Subdivision and Symbolic_Association");
                }
            }
        }

        private void refs(String idrefs, Set<String> targets, String where, String attr) {
            if (idrefs == null) {
                return;
            }
            for (String ref : idrefs.trim().split("\\s+")) {
                if (!ref.isEmpty() && !targets.contains(ref)) {
                    error(DANGLING_REFERENCE, where, attr + " \"" + ref + "\" does not exist");
                }
            }
        }

        private void checkTypes() {
            for (LinguisticType lt : doc.linguisticTypes()) {
                String where = "LINGUISTIC_TYPE \"" + lt.id() + "\"";
                if (lt.constraints() != null) {
                    if (!constraints.contains(lt.constraints())) {
                        error(DANGLING_REFERENCE, where, "CONSTRAINTS \"" + lt.constraints()
                                + "\" has no CONSTRAINT element");
                    }
                    Optional<Stereotype> s = lt.stereotype();
                    if (s.isPresent() && lt.timeAlignable() != null && lt.timeAlignable() != s.get().alignable()) {
                        error(CONSTRAINT_VIOLATION, where, "TIME_ALIGNABLE=\"" + lt.timeAlignable()
                                + "\" contradicts its stereotype " + lt.constraints());
                    }
                }
                if (lt.controlledVocabularyRef() != null && !cvs.containsKey(lt.controlledVocabularyRef())) {
                    error(DANGLING_REFERENCE, where, "CONTROLLED_VOCABULARY_REF \"" + lt.controlledVocabularyRef()
                            + "\" does not exist");
                }
                refs(lt.extRef(), extRefs, where, "EXT_REF");
                refs(lt.lexiconRef(), lexicons, where, "LEXICON_REF");
            }
        }

        private void checkVocabularies() {
            for (ControlledVocabulary cv : doc.controlledVocabularies()) {
                String where = "CONTROLLED_VOCABULARY \"" + cv.id() + "\"";
                refs(cv.extRef(), extRefs, where, "EXT_REF");
                for (CvDescription d : cv.descriptions()) {
                    refs(d.langRef(), languages, where + " / DESCRIPTION", "LANG_REF");
                }
                Set<String> ids = new HashSet<>();
                for (CvEntry e : cv.entries()) {
                    String ew = where + " / CV_ENTRY \"" + (e.id() == null ? e.values().get(0).value() : e.id()) + "\"";
                    if (e.id() != null && !ids.add(e.id())) {
                        error(DUPLICATE_ID, ew, "CVE_ID is used more than once in this vocabulary");
                    }
                    refs(e.extRef(), extRefs, ew, "EXT_REF");
                    for (CvValue v : e.values()) {
                        refs(v.langRef(), languages, ew, "LANG_REF");
                    }
                }
            }
        }

        private void checkTier(Tier tier) {
            String where = tierAt(tier);
            LinguisticType type = types.get(tier.linguisticTypeRef());
            if (type == null) {
                error(DANGLING_REFERENCE, where, "LINGUISTIC_TYPE_REF \"" + tier.linguisticTypeRef()
                        + "\" does not exist");
            }
            if (tier.defaultLocale() != null && !locales.contains(tier.defaultLocale())) {
                error(DANGLING_REFERENCE, where, "DEFAULT_LOCALE \"" + tier.defaultLocale() + "\" does not exist");
            }
            refs(tier.extRef(), extRefs, where, "EXT_REF");
            refs(tier.langRef(), languages, where, "LANG_REF");
            Tier parent = null;
            if (tier.parentRef() != null) {
                parent = tiers.get(tier.parentRef());
                if (parent == null) {
                    error(DANGLING_REFERENCE, where, "PARENT_REF \"" + tier.parentRef() + "\" does not exist");
                } else if (hasCycle(tier)) {
                    error(CONSTRAINT_VIOLATION, where, "its PARENT_REF chain loops back to itself");
                    parent = null;
                }
            }
            Optional<Stereotype> stereotype = type == null ? Optional.empty() : type.stereotype();
            if (type != null && tier.parentRef() == null && stereotype.isPresent()) {
                error(CONSTRAINT_VIOLATION, where, "a top-level tier cannot have the constrained type \""
                        + type.id() + "\" (" + type.constraints() + ")");
            }
            if (type != null && tier.parentRef() != null && stereotype.isEmpty()) {
                error(CONSTRAINT_VIOLATION, where, "a dependent tier needs a linguistic type with a constraint, but \""
                        + type.id() + "\" has none");
            }
            boolean alignable = stereotype.map(Stereotype::alignable).orElse(true);
            ControlledVocabulary cv = type == null || type.controlledVocabularyRef() == null ? null
                    : cvs.get(type.controlledVocabularyRef());
            for (Annotation a : tier.annotations()) {
                checkAnnotation(tier, a, alignable, parent, cv);
            }
            if (parent != null && stereotype.isPresent()) {
                switch (stereotype.get()) {
                    case SYMBOLIC_ASSOCIATION -> checkAssociation(tier);
                    case SYMBOLIC_SUBDIVISION -> checkSymbolicSubdivision(tier);
                    case INCLUDED_IN -> checkIncludedIn(tier, parent);
                    case TIME_SUBDIVISION -> checkTimeSubdivision(tier, parent);
                }
            }
        }

        private boolean hasCycle(Tier tier) {
            Set<String> seen = new HashSet<>();
            Tier t = tier;
            while (t != null && t.parentRef() != null) {
                if (!seen.add(t.id())) {
                    return true;
                }
                t = tiers.get(t.parentRef());
            }
            return false;
        }

        private void checkAnnotation(Tier tier, Annotation a, boolean alignable, Tier parent,
                ControlledVocabulary cv) {
            String where = annAt(tier, a);
            refs(a.extRef(), extRefs, where, "EXT_REF");
            refs(a.langRef(), languages, where, "LANG_REF");
            if (a instanceof AlignableAnnotation al) {
                if (!alignable) {
                    error(CONSTRAINT_VIOLATION, where, "a symbolic tier must hold REF_ANNOTATIONs, not time-aligned ones");
                }
                TimeSlot s1 = slots.get(al.timeSlotRef1());
                TimeSlot s2 = slots.get(al.timeSlotRef2());
                if (s1 == null) {
                    error(DANGLING_REFERENCE, where, "TIME_SLOT_REF1 \"" + al.timeSlotRef1() + "\" does not exist");
                }
                if (s2 == null) {
                    error(DANGLING_REFERENCE, where, "TIME_SLOT_REF2 \"" + al.timeSlotRef2() + "\" does not exist");
                }
                if (s1 != null && s2 != null && s1.isAligned() && s2.isAligned() && s1.value() > s2.value()) {
                    error(TIME_ORDER, where, "ends (" + s2.value() + " ms) before it begins (" + s1.value() + " ms)");
                }
            } else if (a instanceof RefAnnotation ref) {
                if (alignable) {
                    error(CONSTRAINT_VIOLATION, where, "a time-alignable tier must hold ALIGNABLE_ANNOTATIONs, "
                            + "not REF_ANNOTATIONs");
                }
                String parentTier = annotationTier.get(ref.annotationRef());
                if (parentTier == null) {
                    error(DANGLING_REFERENCE, where, "ANNOTATION_REF \"" + ref.annotationRef() + "\" does not exist");
                } else if (parent != null && !parentTier.equals(parent.id())) {
                    error(CONSTRAINT_VIOLATION, where, "ANNOTATION_REF \"" + ref.annotationRef()
                            + "\" is on tier \"" + parentTier + "\", not on the parent tier \"" + parent.id() + "\"");
                }
                if (ref.previousAnnotation() != null) {
                    String prevTier = annotationTier.get(ref.previousAnnotation());
                    if (prevTier == null) {
                        error(DANGLING_REFERENCE, where, "PREVIOUS_ANNOTATION \"" + ref.previousAnnotation()
                                + "\" does not exist");
                    } else if (!prevTier.equals(tier.id())) {
                        error(CONSTRAINT_VIOLATION, where, "PREVIOUS_ANNOTATION \"" + ref.previousAnnotation()
                                + "\" is on another tier");
                    }
                }
            }
            checkVocabulary(where, a, cv);
        }

        private void checkVocabulary(String where, Annotation a, ControlledVocabulary cv) {
            if (cv == null || cv.isExternal()) {
                if (a.cveRef() != null && cv == null) {
                    problems.add(EafProblem.warning(CV_VIOLATION, where, "has CVE_REF \"" + a.cveRef()
                            + "\" but its tier has no controlled vocabulary"));
                }
                return;
            }
            if (a.cveRef() != null) {
                Optional<CvEntry> entry = cv.entry(a.cveRef());
                if (entry.isEmpty()) {
                    error(DANGLING_REFERENCE, where, "CVE_REF \"" + a.cveRef() + "\" is not an entry of CV \""
                            + cv.id() + "\"");
                    return;
                }
                if (!a.value().isEmpty() && entry.get().values().stream().noneMatch(v -> v.value().equals(a.value()))) {
                    // ELAN shows the value and keeps the stale CVE_REF: worth a look, not a broken file
                    problems.add(EafProblem.warning(CV_VIOLATION, where, "value \"" + a.value()
                            + "\" is not a value of its CVE_REF entry \"" + a.cveRef() + "\""));
                }
            } else if (!a.value().isEmpty() && cv.entryForValue(a.value()).isEmpty()) {
                error(CV_VIOLATION, where, "value \"" + a.value() + "\" is not in controlled vocabulary \""
                        + cv.id() + "\"");
            }
        }

        private void checkAssociation(Tier tier) {
            Set<String> parents = new HashSet<>();
            for (Annotation a : tier.annotations()) {
                if (a instanceof RefAnnotation ref && !parents.add(ref.annotationRef())) {
                    error(CONSTRAINT_VIOLATION, annAt(tier, a), "Symbolic_Association allows one annotation per "
                            + "parent annotation, but \"" + ref.annotationRef() + "\" already has one");
                }
            }
        }

        private void checkSymbolicSubdivision(Tier tier) {
            Map<String, List<RefAnnotation>> byParent = new HashMap<>();
            for (Annotation a : tier.annotations()) {
                if (a instanceof RefAnnotation ref) {
                    byParent.computeIfAbsent(ref.annotationRef(), k -> new ArrayList<>()).add(ref);
                }
            }
            for (Map.Entry<String, List<RefAnnotation>> group : byParent.entrySet()) {
                List<RefAnnotation> children = group.getValue();
                Set<String> ids = new HashSet<>();
                children.forEach(c -> ids.add(c.id()));
                int heads = 0;
                Set<String> usedAsPrevious = new HashSet<>();
                for (RefAnnotation c : children) {
                    if (c.previousAnnotation() == null) {
                        heads++;
                    } else if (!ids.contains(c.previousAnnotation())) {
                        error(CONSTRAINT_VIOLATION, annAt(tier, c), "PREVIOUS_ANNOTATION \"" + c.previousAnnotation()
                                + "\" does not share its parent \"" + group.getKey() + "\"");
                    } else if (!usedAsPrevious.add(c.previousAnnotation())) {
                        error(CONSTRAINT_VIOLATION, annAt(tier, c), "the subdivision of \"" + group.getKey()
                                + "\" forks: two annotations follow \"" + c.previousAnnotation() + "\"");
                    }
                }
                if (heads != 1) {
                    error(CONSTRAINT_VIOLATION, tierAt(tier), "the subdivision of parent \"" + group.getKey()
                            + "\" must be one chain, but has " + heads + " first elements");
                }
            }
        }

        private long[] span(AlignableAnnotation a) {
            TimeSlot s1 = slots.get(a.timeSlotRef1());
            TimeSlot s2 = slots.get(a.timeSlotRef2());
            if (s1 == null || s2 == null || !s1.isAligned() || !s2.isAligned()) {
                return null;
            }
            return new long[] {s1.value(), s2.value()};
        }

        private List<long[]> parentSpans(Tier parent) {
            List<long[]> spans = new ArrayList<>();
            for (Annotation p : parent.annotations()) {
                long[] s = p instanceof AlignableAnnotation pa ? span(pa) : null;
                if (s != null) {
                    spans.add(s);
                }
            }
            return spans;
        }

        private void checkIncludedIn(Tier tier, Tier parent) {
            List<long[]> spans = parentSpans(parent);
            for (Annotation a : tier.annotations()) {
                long[] s = a instanceof AlignableAnnotation al ? span(al) : null;
                if (s == null) {
                    continue;
                }
                boolean inside = spans.stream().anyMatch(p -> p[0] <= s[0] && s[1] <= p[1]);
                if (!inside) {
                    error(CONSTRAINT_VIOLATION, annAt(tier, a), "Included_In: " + s[0] + "-" + s[1]
                            + " ms lies in no annotation of parent tier \"" + parent.id() + "\"");
                }
            }
        }

        private boolean sameBoundary(String slotA, String slotB) {
            if (slotA.equals(slotB)) {
                return true;
            }
            TimeSlot a = slots.get(slotA);
            TimeSlot b = slots.get(slotB);
            return a != null && b != null && a.isAligned() && b.isAligned() && a.value().equals(b.value());
        }

        /** Children of each parent annotation must form one gapless chain of shared slots from its start to its end. */
        private void checkTimeSubdivision(Tier tier, Tier parent) {
            Map<String, List<AlignableAnnotation>> byStart = new HashMap<>();
            Set<String> covered = new HashSet<>();
            for (Annotation a : tier.annotations()) {
                if (a instanceof AlignableAnnotation al) {
                    byStart.computeIfAbsent(al.timeSlotRef1(), k -> new ArrayList<>()).add(al);
                }
            }
            for (Annotation p : parent.annotations()) {
                if (!(p instanceof AlignableAnnotation pa)) {
                    continue;
                }
                AlignableAnnotation first = findStart(byStart, pa.timeSlotRef1());
                if (first == null) {
                    continue; // a parent without children is allowed
                }
                AlignableAnnotation cur = first;
                int guard = tier.annotations().size() + 1;
                while (cur != null && guard-- > 0) {
                    covered.add(cur.id());
                    if (sameBoundary(cur.timeSlotRef2(), pa.timeSlotRef2())) {
                        break;
                    }
                    List<AlignableAnnotation> next = byStart.get(cur.timeSlotRef2());
                    if (next == null || next.isEmpty()) {
                        error(CONSTRAINT_VIOLATION, annAt(tier, cur), "Time_Subdivision leaves a gap: nothing follows it "
                                + "before the end of parent \"" + pa.id() + "\"");
                        break;
                    }
                    cur = next.get(0);
                }
            }
            for (Annotation a : tier.annotations()) {
                if (a instanceof AlignableAnnotation && !covered.contains(a.id())) {
                    error(CONSTRAINT_VIOLATION, annAt(tier, a), "Time_Subdivision: not part of the gapless "
                            + "subdivision of any annotation on parent tier \"" + parent.id() + "\"");
                }
            }
        }

        private AlignableAnnotation findStart(Map<String, List<AlignableAnnotation>> byStart, String parentStart) {
            List<AlignableAnnotation> direct = byStart.get(parentStart);
            if (direct != null && !direct.isEmpty()) {
                return direct.get(0);
            }
            TimeSlot ps = slots.get(parentStart);
            if (ps == null || !ps.isAligned()) {
                return null;
            }
            for (Map.Entry<String, List<AlignableAnnotation>> e : byStart.entrySet()) {
                TimeSlot s = slots.get(e.getKey());
                if (s != null && ps.value().equals(s.value())) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        private void checkRefLinks() {
            Set<String> linkIds = new HashSet<>();
            for (RefLinkSet set : doc.refLinkSets()) {
                for (RefLink l : set.links()) {
                    if (!linkIds.add(l.id()) || annotations.containsKey(l.id())) {
                        error(DUPLICATE_ID, "REF_LINK \"" + l.id() + "\"", "REF_LINK_ID is used more than once");
                    }
                }
            }
            for (RefLinkSet set : doc.refLinkSets()) {
                String where = "REF_LINK_SET \"" + set.id() + "\"";
                refs(set.extRef(), extRefs, where, "EXT_REF");
                refs(set.langRef(), languages, where, "LANG_REF");
                if (set.cvRef() != null && !cvs.containsKey(set.cvRef())) {
                    error(DANGLING_REFERENCE, where, "CV_REF \"" + set.cvRef() + "\" does not exist");
                }
                for (RefLink l : set.links()) {
                    String lw = where + " / REF_LINK \"" + l.id() + "\"";
                    refs(l.extRef(), extRefs, lw, "EXT_REF");
                    refs(l.langRef(), languages, lw, "LANG_REF");
                    for (String target : l.targets()) {
                        if (!annotations.containsKey(target) && !linkIds.contains(target)) {
                            error(DANGLING_REFERENCE, lw, "refers to \"" + target
                                    + "\", which is neither an annotation nor a link");
                        }
                    }
                }
            }
        }

        private void checkLastUsedId() {
            long max = -1;
            for (String id : annotations.keySet()) {
                max = Math.max(max, annotationNumber(id));
            }
            Optional<String> last = doc.header().property(EafDocument.LAST_USED_ANNOTATION_ID);
            if (last.isEmpty()) {
                if (max >= 0) {
                    problems.add(EafProblem.warning(LAST_USED_ID, "HEADER", "no lastUsedAnnotationId property; "
                            + "ELAN will recompute it"));
                }
                return;
            }
            try {
                long value = Long.parseLong(last.get().trim());
                if (value < max) {
                    error(LAST_USED_ID, "HEADER", "lastUsedAnnotationId is " + value + " but annotation a" + max
                            + " exists; ELAN would hand out duplicate IDs");
                }
            } catch (NumberFormatException e) {
                error(LAST_USED_ID, "HEADER", "lastUsedAnnotationId \"" + last.get() + "\" is not a number");
            }
        }
    }
}
