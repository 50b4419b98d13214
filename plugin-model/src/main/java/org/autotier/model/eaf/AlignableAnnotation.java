package org.autotier.model.eaf;

import java.util.Objects;

/** ALIGNABLE_ANNOTATION: spans two time slots. */
public record AlignableAnnotation(String id, String timeSlotRef1, String timeSlotRef2, String value,
        String svgRef, String extRef, String langRef, String cveRef) implements Annotation {
    public AlignableAnnotation {
        Objects.requireNonNull(id, "ANNOTATION_ID");
        Objects.requireNonNull(timeSlotRef1, "TIME_SLOT_REF1");
        Objects.requireNonNull(timeSlotRef2, "TIME_SLOT_REF2");
        value = value == null ? "" : value;
    }

    public AlignableAnnotation withValue(String newValue, String newCveRef) {
        return new AlignableAnnotation(id, timeSlotRef1, timeSlotRef2, newValue, svgRef, extRef, langRef, newCveRef);
    }
}
