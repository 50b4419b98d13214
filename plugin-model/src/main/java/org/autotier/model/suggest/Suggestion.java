package org.autotier.model.suggest;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One suggested label for one segment.
 *
 * @param confidence the calibrated probability of {@code label}
 */
public record Suggestion(Segment segment, String label, double confidence, LabelDistribution distribution,
        Set<Flag> flags, ReviewState review) {

    /** Review order: flagged first (more flags first), then least confident, then by time. */
    public static final Comparator<Suggestion> REVIEW_PRIORITY = Comparator
            .comparingInt((Suggestion s) -> -s.flags().size())
            .thenComparingDouble(Suggestion::confidence)
            .thenComparingLong(s -> s.segment().startMs());

    public Suggestion {
        Objects.requireNonNull(segment);
        Objects.requireNonNull(label);
        Objects.requireNonNull(review);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is not a probability");
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public Suggestion withReview(ReviewState state, String newLabel) {
        return new Suggestion(segment, newLabel, confidence, distribution, flags, state);
    }
}
