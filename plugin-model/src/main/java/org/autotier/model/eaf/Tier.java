package org.autotier.model.eaf;

import java.util.List;
import java.util.Objects;

/** TIER with its annotations in document order. Null attributes are absent. */
public record Tier(String id, String participant, String annotator, String linguisticTypeRef,
        String defaultLocale, String parentRef, String extRef, String langRef, List<Annotation> annotations) {

    public Tier {
        Objects.requireNonNull(id, "TIER_ID");
        Objects.requireNonNull(linguisticTypeRef, "LINGUISTIC_TYPE_REF");
        annotations = List.copyOf(annotations);
    }

    /** A tier with only the required attributes. */
    public static Tier of(String id, String linguisticTypeRef, String parentRef) {
        return new Tier(id, null, null, linguisticTypeRef, null, parentRef, null, null, List.of());
    }

    public Tier withAnnotations(List<Annotation> newAnnotations) {
        return new Tier(id, participant, annotator, linguisticTypeRef, defaultLocale, parentRef, extRef, langRef,
                newAnnotations);
    }

    public Tier withParticipant(String newParticipant) {
        return new Tier(id, newParticipant, annotator, linguisticTypeRef, defaultLocale, parentRef, extRef, langRef,
                annotations);
    }

    public Tier withAnnotator(String newAnnotator) {
        return new Tier(id, participant, newAnnotator, linguisticTypeRef, defaultLocale, parentRef, extRef, langRef,
                annotations);
    }
}
