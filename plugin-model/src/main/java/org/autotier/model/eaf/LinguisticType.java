package org.autotier.model.eaf;

import java.util.Objects;
import java.util.Optional;

/**
 * LINGUISTIC_TYPE. Booleans are null when the attribute is absent.
 *
 * @param constraints the STEREOTYPE of the constraint, or null for a top-level type
 */
public record LinguisticType(String id, Boolean timeAlignable, String constraints, Boolean graphicReferences,
        String controlledVocabularyRef, String extRef, String lexiconRef) {

    public LinguisticType {
        Objects.requireNonNull(id, "LINGUISTIC_TYPE_ID");
    }

    /** The stereotype this type imposes on its tiers, empty for independent (top-level) types. */
    public Optional<Stereotype> stereotype() {
        return constraints == null ? Optional.empty() : Stereotype.fromXml(constraints);
    }
}
