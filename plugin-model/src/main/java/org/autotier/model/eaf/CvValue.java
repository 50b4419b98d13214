package org.autotier.model.eaf;

import java.util.Objects;

/** CVE_VALUE (or the text of a 2.7 CV_ENTRY, then langRef is null). */
public record CvValue(String value, String langRef, String description) {
    public CvValue {
        Objects.requireNonNull(value, "value");
    }
}
