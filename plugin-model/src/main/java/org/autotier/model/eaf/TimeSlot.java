package org.autotier.model.eaf;

import java.util.Objects;

/**
 * TIME_SLOT. An unaligned slot has no value: ELAN places it between its aligned neighbours.
 *
 * @param value milliseconds, or null for an unaligned slot
 */
public record TimeSlot(String id, Long value) {
    public TimeSlot {
        Objects.requireNonNull(id, "TIME_SLOT_ID");
        if (value != null && value < 0) {
            throw new IllegalArgumentException("time slot " + id + " has a negative time " + value);
        }
    }

    public boolean isAligned() {
        return value != null;
    }
}
