package org.autotier.model.eaf;

/** ANNOTATION: either time-aligned or a reference to a parent annotation. */
public sealed interface Annotation permits AlignableAnnotation, RefAnnotation {
    String id();

    String value();

    /** EXT_REF (IDREFS, space separated), or null. */
    String extRef();

    String langRef();

    /** The CV_ENTRY_ML id of the value's entry, or null. */
    String cveRef();
}
