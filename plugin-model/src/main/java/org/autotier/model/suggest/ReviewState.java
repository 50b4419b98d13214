package org.autotier.model.suggest;

import java.util.Locale;
import java.util.Optional;

/** Where a suggestion stands with its human reviewer; the CV of the autotier-review tier. */
public enum ReviewState {
    UNREVIEWED, ACCEPTED, CORRECTED, REJECTED;

    /** The value written in EAF, for example "accepted". */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a human decided, so autotier must never overwrite the segment. */
    public boolean isHumanDecision() {
        return this == ACCEPTED || this == CORRECTED;
    }

    public static Optional<ReviewState> fromValue(String value) {
        for (ReviewState s : values()) {
            if (s.value().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
