package org.autotier.model.eaf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CONTROLLED_VOCABULARY in either shape: EAF 2.8+ (DESCRIPTION elements and CV_ENTRY_ML) or
 * EAF 2.7 and older (a DESCRIPTION attribute and CV_ENTRY elements, modelled as entries with one
 * value, no id and no language).
 *
 * @param description the 2.7-style DESCRIPTION attribute, or null
 * @param extRef the EXT_REF of an external CV (.ecv), or null
 */
public record ControlledVocabulary(String id, String description, String extRef,
        List<CvDescription> descriptions, List<CvEntry> entries) {

    public ControlledVocabulary {
        Objects.requireNonNull(id, "CV_ID");
        descriptions = List.copyOf(descriptions);
        entries = List.copyOf(entries);
    }

    /** The entry one of whose values equals this value. */
    public Optional<CvEntry> entryForValue(String value) {
        for (CvEntry e : entries) {
            for (CvValue v : e.values()) {
                if (v.value().equals(value)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    public Optional<CvEntry> entry(String cveId) {
        return entries.stream().filter(e -> cveId.equals(e.id())).findFirst();
    }

    /** Whether the entries live in an external file, so values cannot be checked here. */
    public boolean isExternal() {
        return extRef != null && entries.isEmpty();
    }
}
