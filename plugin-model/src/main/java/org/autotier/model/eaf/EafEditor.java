package org.autotier.model.eaf;

import static org.autotier.model.eaf.EafProblem.Kind.CONSTRAINT_VIOLATION;
import static org.autotier.model.eaf.EafProblem.Kind.CV_VIOLATION;
import static org.autotier.model.eaf.EafProblem.Kind.DANGLING_REFERENCE;
import static org.autotier.model.eaf.EafProblem.Kind.DUPLICATE_ID;
import static org.autotier.model.eaf.EafProblem.Kind.TIME_ORDER;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Changes a document only in ways ELAN accepts. Each change is checked when it is made and a
 * broken rule throws {@link EafRuleException} naming the rule, so a caller can never produce a
 * file that ELAN would refuse or silently repair:
 *
 * <ul>
 *   <li>IDs stay unique and new annotation IDs continue from {@code lastUsedAnnotationId};
 *   <li>references (types, parents, CVs, languages) must exist;
 *   <li>Included_In children lie within a parent annotation;
 *   <li>Time_Subdivision children are created only as a gapless tiling of their parent;
 *   <li>Symbolic_Association allows one child per parent annotation;
 *   <li>values on CV-controlled tiers come from their vocabulary.
 * </ul>
 *
 * <p>Everything not touched is carried over unchanged. Not thread-safe.
 */
public final class EafEditor {

    private final EafDocument base;
    private final List<Tier> tiers;
    private final Map<String, List<Annotation>> annotationsByTier = new HashMap<>();
    private final Map<String, String> tierOfAnnotation = new HashMap<>();
    private final Map<String, Annotation> annotations = new HashMap<>();
    /** tier id -> parent annotation id -> its reference children; a cache, dropped on any removal or value change. */
    private final Map<String, Map<String, List<RefAnnotation>>> childrenByTier = new HashMap<>();
    private final List<TimeSlot> slots;
    private final Map<String, TimeSlot> slotById = new HashMap<>();
    private final List<LinguisticType> types;
    private final List<ControlledVocabulary> vocabularies;
    private final List<Language> languages;
    private final List<Constraint> constraints;
    private final List<MediaDescriptor> media;
    private final List<LinkedFileDescriptor> linkedFiles;
    private final List<Property> properties;
    private long lastAnnotation;
    private long lastSlot;

    private EafEditor(EafDocument doc) {
        this.base = doc;
        this.tiers = new ArrayList<>(doc.tiers());
        for (Tier t : doc.tiers()) {
            annotationsByTier.put(t.id(), new ArrayList<>(t.annotations()));
            for (Annotation a : t.annotations()) {
                tierOfAnnotation.put(a.id(), t.id());
                annotations.put(a.id(), a);
                lastAnnotation = Math.max(lastAnnotation, EafValidator.annotationNumber(a.id()));
            }
        }
        this.slots = new ArrayList<>(doc.timeSlots());
        for (TimeSlot s : slots) {
            slotById.put(s.id(), s);
            if (s.id().startsWith("ts")) {
                try {
                    lastSlot = Math.max(lastSlot, Long.parseLong(s.id().substring(2)));
                } catch (NumberFormatException ignored) {
                    // a foreign slot ID; new IDs simply continue after the numeric ones
                }
            }
        }
        this.types = new ArrayList<>(doc.linguisticTypes());
        this.vocabularies = new ArrayList<>(doc.controlledVocabularies());
        this.languages = new ArrayList<>(doc.languages());
        this.constraints = new ArrayList<>(doc.constraints());
        this.media = new ArrayList<>(doc.header().mediaDescriptors());
        this.linkedFiles = new ArrayList<>(doc.header().linkedFiles());
        this.properties = new ArrayList<>(doc.header().properties());
        doc.header().property(EafDocument.LAST_USED_ANNOTATION_ID).ifPresent(v -> {
            try {
                lastAnnotation = Math.max(lastAnnotation, Long.parseLong(v.trim()));
            } catch (NumberFormatException ignored) {
                // recomputed from the annotation IDs on build
            }
        });
    }

    /** Starts editing an existing document. */
    public static EafEditor edit(EafDocument doc) {
        return new EafEditor(doc);
    }

    /** A new, empty EAF 3.0 document with ELAN's four standard constraints. */
    public static EafEditor create(String author) {
        String date = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        List<Constraint> standard = List.of(
                new Constraint(Stereotype.TIME_SUBDIVISION.xml(), "Time subdivision of parent annotation's time "
                        + "interval, no time gaps allowed within this interval"),
                new Constraint(Stereotype.SYMBOLIC_SUBDIVISION.xml(), "Symbolic subdivision of a parent annotation. "
                        + "Annotations refering to the same parent are ordered"),
                new Constraint(Stereotype.SYMBOLIC_ASSOCIATION.xml(), "1-1 association with a parent annotation"),
                new Constraint(Stereotype.INCLUDED_IN.xml(), "Time alignable annotations within the parent "
                        + "annotation's time interval, gaps are allowed"));
        Header header = new Header(null, "milliseconds", List.of(), List.of(),
                List.of(new Property(EafDocument.LAST_USED_ANNOTATION_ID, "0")));
        return new EafEditor(new EafDocument("3.0", "3.0", author == null ? "" : author, date, List.of(), header,
                List.of(), List.of(), List.of(), List.of(), List.of(), standard, List.of(), List.of(), List.of(),
                List.of()));
    }

    private static EafRuleException rule(EafProblem.Kind kind, String where, String message) {
        return new EafRuleException(EafProblem.error(kind, where, message));
    }

    // ---- header -------------------------------------------------------------------------

    public EafEditor addMediaDescriptor(MediaDescriptor descriptor) {
        media.add(descriptor);
        return this;
    }

    public EafEditor addLinkedFile(LinkedFileDescriptor descriptor) {
        linkedFiles.add(descriptor);
        return this;
    }

    /** Removes linked-file descriptors that match, for example the ones a previous run added. */
    public EafEditor removeLinkedFiles(Predicate<LinkedFileDescriptor> which) {
        linkedFiles.removeIf(which);
        return this;
    }

    /** Sets a named header property, replacing the first one of that name or appending. */
    public EafEditor setProperty(String name, String value) {
        for (int i = 0; i < properties.size(); i++) {
            if (name.equals(properties.get(i).name())) {
                properties.set(i, new Property(name, value));
                return this;
            }
        }
        properties.add(new Property(name, value));
        return this;
    }

    // ---- types, vocabularies, languages ---------------------------------------------------

    public Optional<LinguisticType> linguisticType(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<ControlledVocabulary> controlledVocabulary(String id) {
        return vocabularies.stream().filter(cv -> cv.id().equals(id)).findFirst();
    }

    /** Adds a language unless an identical one exists; a different one with the same ID is refused. */
    public EafEditor addLanguage(Language language) {
        for (Language l : languages) {
            if (l.id().equals(language.id())) {
                if (l.equals(language)) {
                    return this;
                }
                throw rule(DUPLICATE_ID, "LANGUAGE \"" + language.id() + "\"", "a different language has this ID");
            }
        }
        languages.add(language);
        return this;
    }

    /** Adds or replaces (by ID) a controlled vocabulary; its language references must exist. */
    public EafEditor putControlledVocabulary(ControlledVocabulary cv) {
        Set<String> langIds = new HashSet<>();
        languages.forEach(l -> langIds.add(l.id()));
        for (CvEntry e : cv.entries()) {
            for (CvValue v : e.values()) {
                if (v.langRef() != null && !langIds.contains(v.langRef())) {
                    throw rule(DANGLING_REFERENCE, "CONTROLLED_VOCABULARY \"" + cv.id() + "\"",
                            "LANG_REF \"" + v.langRef() + "\" does not exist; add the LANGUAGE first");
                }
            }
        }
        vocabularies.removeIf(old -> old.id().equals(cv.id()));
        vocabularies.add(cv);
        return this;
    }

    /** Adds or replaces (by ID) a linguistic type; its constraint and CV must exist. */
    public EafEditor putLinguisticType(LinguisticType type) {
        String where = "LINGUISTIC_TYPE \"" + type.id() + "\"";
        if (type.constraints() != null) {
            Stereotype s = Stereotype.fromXml(type.constraints()).orElseThrow(() -> rule(CONSTRAINT_VIOLATION, where,
                    "unknown stereotype \"" + type.constraints() + "\""));
            if (constraints.stream().noneMatch(c -> c.stereotype().equals(s.xml()))) {
                constraints.add(new Constraint(s.xml(), null));
            }
            if (type.timeAlignable() != null && type.timeAlignable() != s.alignable()) {
                throw rule(CONSTRAINT_VIOLATION, where, "TIME_ALIGNABLE contradicts " + s.xml());
            }
        }
        if (type.controlledVocabularyRef() != null && controlledVocabulary(type.controlledVocabularyRef()).isEmpty()) {
            throw rule(DANGLING_REFERENCE, where, "CV \"" + type.controlledVocabularyRef() + "\" does not exist");
        }
        for (Tier t : tiers) {
            LinguisticType old = linguisticType(t.linguisticTypeRef()).orElse(null);
            if (old != null && old.id().equals(type.id()) && !annotationsByTier.get(t.id()).isEmpty()
                    && !java.util.Objects.equals(old.constraints(), type.constraints())) {
                throw rule(CONSTRAINT_VIOLATION, where, "tier \"" + t.id() + "\" uses this type; its stereotype "
                        + "cannot change under existing annotations");
            }
        }
        types.removeIf(old -> old.id().equals(type.id()));
        types.add(type);
        return this;
    }

    // ---- tiers ---------------------------------------------------------------------------

    public boolean hasTier(String tierId) {
        return annotationsByTier.containsKey(tierId);
    }

    public Optional<Tier> tier(String tierId) {
        return tiers.stream().filter(t -> t.id().equals(tierId)).findFirst().map(
                t -> t.withAnnotations(annotationsByTier.get(t.id())));
    }

    /** The IDs of all tiers, in document order. */
    public List<String> tierIds() {
        return tiers.stream().map(Tier::id).toList();
    }

    /** Adds an empty tier; its type must exist and suit its place (top level or under a parent). */
    public EafEditor addTier(Tier tier) {
        String where = "TIER \"" + tier.id() + "\"";
        if (hasTier(tier.id())) {
            throw rule(DUPLICATE_ID, where, "a tier with this ID exists");
        }
        LinguisticType type = linguisticType(tier.linguisticTypeRef()).orElseThrow(() -> rule(DANGLING_REFERENCE,
                where, "LINGUISTIC_TYPE_REF \"" + tier.linguisticTypeRef() + "\" does not exist"));
        if (tier.parentRef() == null && type.stereotype().isPresent()) {
            throw rule(CONSTRAINT_VIOLATION, where, "a top-level tier needs a type without constraint, not \""
                    + type.id() + "\"");
        }
        if (tier.parentRef() != null) {
            if (!hasTier(tier.parentRef())) {
                throw rule(DANGLING_REFERENCE, where, "PARENT_REF \"" + tier.parentRef() + "\" does not exist");
            }
            if (type.stereotype().isEmpty()) {
                throw rule(CONSTRAINT_VIOLATION, where, "a dependent tier needs a type with a constraint, not \""
                        + type.id() + "\"");
            }
        }
        if (tier.langRef() != null && languages.stream().noneMatch(l -> l.id().equals(tier.langRef()))) {
            throw rule(DANGLING_REFERENCE, where, "LANG_REF \"" + tier.langRef() + "\" does not exist");
        }
        tiers.add(tier.withAnnotations(List.of()));
        annotationsByTier.put(tier.id(), new ArrayList<>());
        for (Annotation a : tier.annotations()) {
            throw rule(CONSTRAINT_VIOLATION, where, "add annotations through the editor, not with the tier ("
                    + a.id() + ")");
        }
        return this;
    }

    /**
     * Removes a tier, every tier that depends on it, and the time slots only they used.
     *
     * @return the IDs of the removed tiers, the given one first; empty if it did not exist
     */
    public List<String> removeTier(String tierId) {
        if (!hasTier(tierId)) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        collectDependents(tierId, removed);
        Set<String> goneAnnotations = new HashSet<>();
        removed.forEach(id -> annotationsByTier.get(id).forEach(a -> goneAnnotations.add(a.id())));
        for (RefLinkSet set : base.refLinkSets()) {
            for (RefLink link : set.links()) {
                for (String target : link.targets()) {
                    if (goneAnnotations.contains(target)) {
                        // deleting the user's links silently would lose data: refuse instead
                        throw rule(DANGLING_REFERENCE, "TIER \"" + tierId + "\"", "annotation \"" + target
                                + "\" is linked by REF_LINK \"" + link.id() + "\"; remove the link first");
                    }
                }
            }
        }
        Set<String> freedSlots = new HashSet<>();
        for (String id : removed) {
            for (Annotation a : annotationsByTier.remove(id)) {
                tierOfAnnotation.remove(a.id());
                annotations.remove(a.id());
                if (a instanceof AlignableAnnotation al) {
                    freedSlots.add(al.timeSlotRef1());
                    freedSlots.add(al.timeSlotRef2());
                }
            }
        }
        tiers.removeIf(t -> removed.contains(t.id()));
        childrenByTier.clear();
        for (List<Annotation> remaining : annotationsByTier.values()) {
            for (Annotation a : remaining) {
                if (a instanceof AlignableAnnotation al) {
                    freedSlots.remove(al.timeSlotRef1());
                    freedSlots.remove(al.timeSlotRef2());
                }
            }
        }
        slots.removeIf(s -> freedSlots.contains(s.id()));
        freedSlots.forEach(slotById::remove);
        return removed;
    }

    private void collectDependents(String tierId, List<String> out) {
        out.add(tierId);
        for (Tier t : tiers) {
            if (tierId.equals(t.parentRef())) {
                collectDependents(t.id(), out);
            }
        }
    }

    // ---- annotations ----------------------------------------------------------------------

    private Tier requireTier(String tierId) {
        return tiers.stream().filter(t -> t.id().equals(tierId)).findFirst().orElseThrow(() -> rule(
                DANGLING_REFERENCE, "TIER \"" + tierId + "\"", "no such tier"));
    }

    private Optional<Stereotype> stereotypeOf(Tier tier) {
        return linguisticType(tier.linguisticTypeRef()).flatMap(LinguisticType::stereotype);
    }

    private String nextAnnotationId() {
        String id;
        do {
            id = "a" + (++lastAnnotation);
        } while (annotations.containsKey(id));
        return id;
    }

    private TimeSlot newSlot(long ms) {
        String id;
        do {
            id = "ts" + (++lastSlot);
        } while (slotById.containsKey(id));
        TimeSlot s = new TimeSlot(id, ms);
        slots.add(s);
        slotById.put(id, s);
        return s;
    }

    /** The aligned span [start, end] of an annotation in ms, following references up to an aligned one. */
    public Optional<long[]> span(String annotationId) {
        Annotation a = annotations.get(annotationId);
        int guard = 64;
        while (a instanceof RefAnnotation r && guard-- > 0) {
            a = annotations.get(r.annotationRef());
        }
        if (a instanceof AlignableAnnotation al) {
            TimeSlot s1 = slotById.get(al.timeSlotRef1());
            TimeSlot s2 = slotById.get(al.timeSlotRef2());
            if (s1 != null && s2 != null && s1.isAligned() && s2.isAligned()) {
                return Optional.of(new long[] {s1.value(), s2.value()});
            }
        }
        return Optional.empty();
    }

    /** The annotation, as it is now. */
    public Optional<Annotation> annotation(String annotationId) {
        return Optional.ofNullable(annotations.get(annotationId));
    }

    private String checkValue(Tier tier, String value, String cveRef, String where) {
        LinguisticType type = linguisticType(tier.linguisticTypeRef()).orElse(null);
        if (type == null || type.controlledVocabularyRef() == null) {
            if (cveRef != null) {
                throw rule(CV_VIOLATION, where, "CVE_REF given but the tier has no controlled vocabulary");
            }
            return null;
        }
        ControlledVocabulary cv = controlledVocabulary(type.controlledVocabularyRef()).orElse(null);
        if (cv == null || cv.isExternal() || value.isEmpty()) {
            return cveRef;
        }
        CvEntry entry = cveRef != null ? cv.entry(cveRef).orElseThrow(() -> rule(CV_VIOLATION, where,
                "CVE_REF \"" + cveRef + "\" is not in CV \"" + cv.id() + "\"")) : cv.entryForValue(value).orElseThrow(
                        () -> rule(CV_VIOLATION, where, "\"" + value + "\" is not in controlled vocabulary \"" + cv.id()
                                + "\""));
        if (entry.values().stream().noneMatch(v -> v.value().equals(value))) {
            throw rule(CV_VIOLATION, where, "\"" + value + "\" is not a value of entry \"" + entry.id() + "\"");
        }
        return entry.id();
    }

    private void append(Tier tier, Annotation a) {
        annotationsByTier.get(tier.id()).add(a);
        if (a instanceof RefAnnotation r && childrenByTier.containsKey(tier.id())) {
            childrenByTier.get(tier.id()).computeIfAbsent(r.annotationRef(), k -> new ArrayList<>()).add(r);
        }
        tierOfAnnotation.put(a.id(), tier.id());
        annotations.put(a.id(), a);
    }

    /**
     * Adds a time-aligned annotation to a top-level or Included_In tier. On a CV-controlled tier
     * the value must be in the vocabulary and its entry becomes the CVE_REF.
     *
     * @return the new annotation's ID
     */
    public String addAlignable(String tierId, long startMs, long endMs, String value) {
        Tier tier = requireTier(tierId);
        String where = "TIER \"" + tierId + "\"";
        if (startMs < 0 || endMs <= startMs) {
            throw rule(TIME_ORDER, where, "an annotation needs 0 <= start < end, got " + startMs + "-" + endMs + " ms");
        }
        Optional<Stereotype> s = stereotypeOf(tier);
        if (s.isPresent() && s.get() != Stereotype.INCLUDED_IN) {
            throw rule(CONSTRAINT_VIOLATION, where, s.get().xml() + " tiers take " + (s.get().alignable()
                    ? "a gapless subdivision (subdivide)" : "reference annotations (addReference)"));
        }
        if (s.isPresent()) {
            boolean inside = annotationsByTier.get(tier.parentRef()).stream().map(p -> span(p.id()))
                    .flatMap(Optional::stream).anyMatch(p -> p[0] <= startMs && endMs <= p[1]);
            if (!inside) {
                throw rule(CONSTRAINT_VIOLATION, where, "Included_In: " + startMs + "-" + endMs
                        + " ms lies in no annotation of parent tier \"" + tier.parentRef() + "\"");
            }
        }
        String cve = checkValue(tier, value, null, where);
        String id = nextAnnotationId();
        TimeSlot s1 = newSlot(startMs);
        TimeSlot s2 = newSlot(endMs);
        append(tier, new AlignableAnnotation(id, s1.id(), s2.id(), value, null, null, null, cve));
        return id;
    }

    /**
     * Adds a reference annotation under {@code parentAnnotationId}: the single association on a
     * Symbolic_Association tier, or the next element of the chain on a Symbolic_Subdivision tier.
     */
    public String addReference(String tierId, String parentAnnotationId, String value) {
        Tier tier = requireTier(tierId);
        String where = "TIER \"" + tierId + "\"";
        Stereotype s = stereotypeOf(tier).filter(x -> !x.alignable()).orElseThrow(() -> rule(CONSTRAINT_VIOLATION,
                where, "only Symbolic_Association and Symbolic_Subdivision tiers take reference annotations"));
        String parentTier = tierOfAnnotation.get(parentAnnotationId);
        if (parentTier == null) {
            throw rule(DANGLING_REFERENCE, where, "parent annotation \"" + parentAnnotationId + "\" does not exist");
        }
        if (!parentTier.equals(tier.parentRef())) {
            throw rule(CONSTRAINT_VIOLATION, where, "parent annotation \"" + parentAnnotationId + "\" is on tier \""
                    + parentTier + "\", not on the parent tier \"" + tier.parentRef() + "\"");
        }
        List<RefAnnotation> siblings = children(tierId).getOrDefault(parentAnnotationId, List.of());
        String previous = null;
        if (!siblings.isEmpty()) {
            if (s == Stereotype.SYMBOLIC_ASSOCIATION) {
                throw rule(CONSTRAINT_VIOLATION, where, "Symbolic_Association: \"" + parentAnnotationId
                        + "\" already has an associated annotation (" + siblings.get(0).id() + ")");
            }
            previous = lastOfChain(siblings);
        }
        String cve = checkValue(tier, value, null, where);
        String id = nextAnnotationId();
        append(tier, new RefAnnotation(id, parentAnnotationId, previous, value, null, null, cve));
        return id;
    }

    /** Reference children per parent annotation on one tier, built on first use and kept up to date by append. */
    private Map<String, List<RefAnnotation>> children(String tierId) {
        return childrenByTier.computeIfAbsent(tierId, id -> {
            Map<String, List<RefAnnotation>> m = new HashMap<>();
            for (Annotation a : annotationsByTier.get(id)) {
                if (a instanceof RefAnnotation r) {
                    m.computeIfAbsent(r.annotationRef(), k -> new ArrayList<>()).add(r);
                }
            }
            return m;
        });
    }

    private static String lastOfChain(List<RefAnnotation> siblings) {
        Set<String> previous = new HashSet<>();
        for (RefAnnotation r : siblings) {
            if (r.previousAnnotation() != null) {
                previous.add(r.previousAnnotation());
            }
        }
        return siblings.stream().filter(r -> !previous.contains(r.id())).map(RefAnnotation::id).findFirst()
                .orElseThrow();
    }

    /**
     * Fills a Time_Subdivision tier under one parent annotation: {@code values.size()} children that
     * tile the parent exactly, split at {@code innerBoundariesMs} (strictly increasing, inside the parent).
     *
     * @return the IDs of the children, in time order
     */
    public List<String> subdivide(String tierId, String parentAnnotationId, long[] innerBoundariesMs,
            List<String> values) {
        Tier tier = requireTier(tierId);
        String where = "TIER \"" + tierId + "\"";
        if (stereotypeOf(tier).orElse(null) != Stereotype.TIME_SUBDIVISION) {
            throw rule(CONSTRAINT_VIOLATION, where, "subdivide applies to Time_Subdivision tiers only");
        }
        if (!(annotations.get(parentAnnotationId) instanceof AlignableAnnotation parent)
                || !tier.parentRef().equals(tierOfAnnotation.get(parentAnnotationId))) {
            throw rule(DANGLING_REFERENCE, where, "\"" + parentAnnotationId + "\" is no aligned annotation of tier \""
                    + tier.parentRef() + "\"");
        }
        if (values.size() != innerBoundariesMs.length + 1) {
            throw rule(CONSTRAINT_VIOLATION, where, values.size() + " values need " + (values.size() - 1)
                    + " inner boundaries, got " + innerBoundariesMs.length);
        }
        for (Annotation a : annotationsByTier.get(tierId)) {
            AlignableAnnotation c = (AlignableAnnotation) a;
            if (c.timeSlotRef1().equals(parent.timeSlotRef1())) {
                throw rule(CONSTRAINT_VIOLATION, where, "\"" + parentAnnotationId + "\" is already subdivided");
            }
        }
        long[] span = span(parentAnnotationId).orElseThrow(() -> rule(TIME_ORDER, where, "parent \""
                + parentAnnotationId + "\" is not time-aligned"));
        long prev = span[0];
        for (long b : innerBoundariesMs) {
            if (b <= prev || b >= span[1]) {
                throw rule(TIME_ORDER, where, "boundary " + b + " ms is not strictly inside " + prev + "-" + span[1]
                        + " ms");
            }
            prev = b;
        }
        List<String> ids = new ArrayList<>();
        String startSlot = parent.timeSlotRef1();
        for (int i = 0; i < values.size(); i++) {
            String endSlot = i < innerBoundariesMs.length ? newSlot(innerBoundariesMs[i]).id() : parent.timeSlotRef2();
            String cve = checkValue(tier, values.get(i), null, where);
            String id = nextAnnotationId();
            append(tier, new AlignableAnnotation(id, startSlot, endSlot, values.get(i), null, null, null, cve));
            ids.add(id);
            startSlot = endSlot;
        }
        return ids;
    }

    /** Changes an annotation's value, keeping its CVE_REF consistent with a CV-controlled tier. */
    public EafEditor setValue(String annotationId, String value) {
        Annotation a = annotations.get(annotationId);
        if (a == null) {
            throw rule(DANGLING_REFERENCE, "ANNOTATION \"" + annotationId + "\"", "no such annotation");
        }
        Tier tier = requireTier(tierOfAnnotation.get(annotationId));
        String cve = checkValue(tier, value, null, "TIER \"" + tier.id() + "\" / ANNOTATION \"" + annotationId + "\"");
        Annotation changed = a instanceof AlignableAnnotation al ? al.withValue(value, cve)
                : ((RefAnnotation) a).withValue(value, cve);
        List<Annotation> list = annotationsByTier.get(tier.id());
        list.set(list.indexOf(a), changed);
        annotations.put(annotationId, changed);
        childrenByTier.remove(tier.id());
        return this;
    }

    /** The document with every change applied, and {@code lastUsedAnnotationId} brought up to date. */
    public EafDocument build() {
        List<Tier> outTiers = new ArrayList<>(tiers.size());
        for (Tier t : tiers) {
            outTiers.add(t.withAnnotations(annotationsByTier.get(t.id())));
        }
        long maxUsed = lastAnnotation;
        List<Property> props = new ArrayList<>(properties);
        boolean found = false;
        for (int i = 0; i < props.size(); i++) {
            if (EafDocument.LAST_USED_ANNOTATION_ID.equals(props.get(i).name())) {
                if (!found) {
                    props.set(i, new Property(EafDocument.LAST_USED_ANNOTATION_ID, Long.toString(maxUsed)));
                }
                found = true;
            }
        }
        if (!found && !annotations.isEmpty()) {
            props.add(new Property(EafDocument.LAST_USED_ANNOTATION_ID, Long.toString(maxUsed)));
        }
        Header h = base.header();
        Header header = new Header(h.mediaFile(), h.timeUnits(), media, linkedFiles, props);
        return new EafDocument(base.version(), base.format(), base.author(), base.date(), base.licenses(), header,
                slots, outTiers, types, base.locales(), languages, constraints, vocabularies, base.lexiconRefs(),
                base.refLinkSets(), base.externalRefs());
    }
}
