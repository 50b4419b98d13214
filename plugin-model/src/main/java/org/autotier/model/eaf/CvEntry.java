package org.autotier.model.eaf;

import java.util.List;

/**
 * CV_ENTRY_ML (EAF 2.8+) or CV_ENTRY (2.7; then id is null and there is exactly one value).
 */
public record CvEntry(String id, String extRef, List<CvValue> values) {
    public CvEntry {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("CV entry " + id + " has no value");
        }
    }
}
