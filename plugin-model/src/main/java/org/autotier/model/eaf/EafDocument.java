package org.autotier.model.eaf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One EAF file: ANNOTATION_DOCUMENT and everything under it, in document order.
 *
 * @param version the VERSION attribute as written in the file ("3.0", "2.8", ...)
 * @param format the FORMAT attribute, or null when absent
 * @param author the AUTHOR attribute (may be empty, never null)
 * @param date the DATE attribute, kept lexically as written
 */
public record EafDocument(
        String version,
        String format,
        String author,
        String date,
        List<License> licenses,
        Header header,
        List<TimeSlot> timeSlots,
        List<Tier> tiers,
        List<LinguisticType> linguisticTypes,
        List<EafLocale> locales,
        List<Language> languages,
        List<Constraint> constraints,
        List<ControlledVocabulary> controlledVocabularies,
        List<LexiconRef> lexiconRefs,
        List<RefLinkSet> refLinkSets,
        List<ExternalRef> externalRefs) {

    /** The name of the header property in which ELAN keeps the highest annotation number used. */
    public static final String LAST_USED_ANNOTATION_ID = "lastUsedAnnotationId";

    public EafDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(header, "header");
        licenses = List.copyOf(licenses);
        timeSlots = List.copyOf(timeSlots);
        tiers = List.copyOf(tiers);
        linguisticTypes = List.copyOf(linguisticTypes);
        locales = List.copyOf(locales);
        languages = List.copyOf(languages);
        constraints = List.copyOf(constraints);
        controlledVocabularies = List.copyOf(controlledVocabularies);
        lexiconRefs = List.copyOf(lexiconRefs);
        refLinkSets = List.copyOf(refLinkSets);
        externalRefs = List.copyOf(externalRefs);
    }

    public Optional<Tier> tier(String tierId) {
        return tiers.stream().filter(t -> t.id().equals(tierId)).findFirst();
    }

    public Optional<LinguisticType> linguisticType(String typeId) {
        return linguisticTypes.stream().filter(t -> t.id().equals(typeId)).findFirst();
    }

    public Optional<ControlledVocabulary> controlledVocabulary(String cvId) {
        return controlledVocabularies.stream().filter(cv -> cv.id().equals(cvId)).findFirst();
    }

    /** Total number of annotations over all tiers. */
    public int annotationCount() {
        int n = 0;
        for (Tier t : tiers) {
            n += t.annotations().size();
        }
        return n;
    }

    /** A copy with other tiers; every other part is shared. */
    public EafDocument withTiers(List<Tier> newTiers) {
        return new EafDocument(version, format, author, date, licenses, header, timeSlots, newTiers,
                linguisticTypes, locales, languages, constraints, controlledVocabularies, lexiconRefs,
                refLinkSets, externalRefs);
    }

    /** A copy that says it is of another EAF version (VERSION and FORMAT); the content is unchanged. */
    public EafDocument withVersion(String newVersion) {
        return new EafDocument(newVersion, format == null ? null : newVersion, author, date, licenses,
                header, timeSlots, tiers, linguisticTypes, locales, languages, constraints,
                controlledVocabularies, lexiconRefs, refLinkSets, externalRefs);
    }
}
