package org.autotier.model.eaf;

import java.util.Objects;

/** REF_ANNOTATION: refers to a parent annotation, and in a subdivision to its predecessor. */
public record RefAnnotation(String id, String annotationRef, String previousAnnotation, String value,
        String extRef, String langRef, String cveRef) implements Annotation {
    public RefAnnotation {
        Objects.requireNonNull(id, "ANNOTATION_ID");
        Objects.requireNonNull(annotationRef, "ANNOTATION_REF");
        value = value == null ? "" : value;
    }

    public RefAnnotation withValue(String newValue, String newCveRef) {
        return new RefAnnotation(id, annotationRef, previousAnnotation, newValue, extRef, langRef, newCveRef);
    }
}
