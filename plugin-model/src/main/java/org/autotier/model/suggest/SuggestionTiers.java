package org.autotier.model.suggest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.autotier.model.eaf.AlignableAnnotation;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.RefAnnotation;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.TimeSlot;

/**
 * Suggestions as EAF tiers, as autotier writes them: each segment of the parent tier
 * ({@code autotier-speech-face}, or {@code autotier-speech} for audio-only recordings) has one
 * Symbolic_Association child on each of {@code autotier-emotion} (CV of the model's labels),
 * {@code autotier-confidence}, {@code autotier-flags}, {@code autotier-review} (CV) and
 * {@code autotier-distribution}. Reads them back and records review decisions, so hosts and the
 * review panel need nothing but this package.
 */
public final class SuggestionTiers {
    public static final String EMOTION = "autotier-emotion";
    public static final String CONFIDENCE = "autotier-confidence";
    public static final String FLAGS = "autotier-flags";
    public static final String REVIEW = "autotier-review";
    public static final String DISTRIBUTION = "autotier-distribution";
    public static final List<String> CHILDREN = List.of(EMOTION, CONFIDENCE, FLAGS, REVIEW, DISTRIBUTION);
    public static final String FLAG_CV = "autotier-flag";


    private SuggestionTiers() {
    }

    /**
     * A file autotier writes beside an EAF: {@code NAME.autotier.EXTENSION} for {@code NAME.eaf},
     * for example the JSON sidecar ({@code json}) and the time series ({@code csv}).
     */
    public static java.nio.file.Path sidecar(java.nio.file.Path eaf, String extension) {
        String n = eaf.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".eaf") ? n.substring(0, n.length() - 4) : n;
        return eaf.resolveSibling(stem + ".autotier." + extension);
    }

    /** A suggestion read from an EAF with the IDs of its annotations, for editing in place. */
    public record Placed(Suggestion suggestion, String segmentAnnotationId, Map<String, String> childAnnotationIds) {
    }

    /** Suggestions of a document, in time order; empty when it has no autotier-emotion tier. */
    public static List<Suggestion> read(EafDocument doc) {
        return readPlaced(doc).stream().map(Placed::suggestion).toList();
    }

    public static List<Placed> readPlaced(EafDocument doc) {
        Optional<Tier> emotion = doc.tier(EMOTION);
        if (emotion.isEmpty() || emotion.get().parentRef() == null) {
            return List.of();
        }
        Tier parent = doc.tier(emotion.get().parentRef()).orElse(null);
        if (parent == null) {
            return List.of();
        }
        Map<String, Long> slots = new HashMap<>();
        for (TimeSlot s : doc.timeSlots()) {
            if (s.value() != null) {
                slots.put(s.id(), s.value());
            }
        }
        Map<String, Map<String, RefAnnotation>> children = new HashMap<>();
        for (String child : CHILDREN) {
            Map<String, RefAnnotation> byParent = new HashMap<>();
            doc.tier(child).ifPresent(t -> t.annotations().forEach(a -> {
                if (a instanceof RefAnnotation r) {
                    byParent.put(r.annotationRef(), r);
                }
            }));
            children.put(child, byParent);
        }
        List<Placed> out = new ArrayList<>();
        for (Annotation a : parent.annotations()) {
            if (!(a instanceof AlignableAnnotation al) || !slots.containsKey(al.timeSlotRef1())
                    || !slots.containsKey(al.timeSlotRef2())) {
                continue;
            }
            RefAnnotation label = children.get(EMOTION).get(a.id());
            if (label == null || label.value() == null || label.value().isBlank()) {
                continue;
            }
            long start = slots.get(al.timeSlotRef1());
            long end = slots.get(al.timeSlotRef2());
            if (end <= start) {
                continue;
            }
            String track = a.value() != null && a.value().startsWith("face") ? a.value() : null;
            double confidence = number(children.get(CONFIDENCE).get(a.id()));
            LabelDistribution dist = distribution(children.get(DISTRIBUTION).get(a.id()), label.value(), confidence);
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            RefAnnotation f = children.get(FLAGS).get(a.id());
            if (f != null && f.value() != null) {
                for (String name : f.value().trim().split("\\s+")) {
                    if (!name.isEmpty()) {
                        try {
                            flags.add(Flag.valueOf(name));
                        } catch (IllegalArgumentException unknown) {
                            // a flag of a newer autotier: keep reading
                        }
                    }
                }
            }
            RefAnnotation r = children.get(REVIEW).get(a.id());
            ReviewState review = r == null ? ReviewState.UNREVIEWED
                    : ReviewState.fromValue(r.value()).orElse(ReviewState.UNREVIEWED);
            Map<String, String> ids = new LinkedHashMap<>();
            for (String child : CHILDREN) {
                RefAnnotation c = children.get(child).get(a.id());
                if (c != null) {
                    ids.put(child, c.id());
                }
            }
            out.add(new Placed(new Suggestion(new Segment(start, end, track), label.value(),
                    Double.isNaN(confidence) ? dist.probability(label.value()) : confidence, dist, flags, review),
                    a.id(), ids));
        }
        out.sort(Comparator.comparingLong(p -> p.suggestion().segment().startMs()));
        return out;
    }

    private static double number(RefAnnotation a) {
        if (a == null || a.value() == null) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(a.value().trim());
            return v >= 0 && v <= 1 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "angry=0.610 sad=0.200 ..." back to a distribution (renormalised: the text is rounded). */
    static LabelDistribution distribution(RefAnnotation a, String label, double confidence) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (a != null && a.value() != null) {
            for (String part : a.value().trim().split("\\s+")) {
                int eq = part.lastIndexOf('=');
                if (eq > 0) {
                    try {
                        m.put(part.substring(0, eq), Math.max(0, Double.parseDouble(part.substring(eq + 1))));
                    } catch (NumberFormatException ignored) {
                        // a hand-edited value: skip it
                    }
                }
            }
        }
        double sum = m.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            m.clear();
            m.put(label, 1.0);
            return new LabelDistribution(m);
        }
        m.replaceAll((k, v) -> v / sum);
        return new LabelDistribution(m);
    }

    public static String formatDistribution(LabelDistribution d) {
        StringBuilder b = new StringBuilder();
        d.probabilities().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", e.getValue())));
        return b.toString();
    }

    public static String formatConfidence(double c) {
        return String.format(Locale.ROOT, "%.2f", c);
    }

    public static String formatFlags(Set<Flag> flags) {
        return String.join(" ", flags.stream().sorted().map(Flag::name).toList());
    }


    /**
     * Records a reviewer's decision: {@code autotier-review} gets the state and, for a correction,
     * {@code autotier-emotion} the new label (it must be in the tier's CV). Nothing else changes.
     *
     * @param newLabel the corrected label, or null to keep the label
     * @return the changed document
     */
    public static EafDocument review(EafDocument doc, Placed suggestion, ReviewState state, String newLabel) {
        EafEditor ed = EafEditor.edit(doc);
        String review = suggestion.childAnnotationIds().get(REVIEW);
        String emotion = suggestion.childAnnotationIds().get(EMOTION);
        if (review == null || emotion == null) {
            throw new IllegalArgumentException("the suggestion at " + suggestion.suggestion().segment()
                    + " has no review or emotion annotation to change");
        }
        if (newLabel != null && !newLabel.equals(suggestion.suggestion().label())) {
            ed.setValue(emotion, newLabel);
        }
        ed.setValue(review, state.value());
        return ed.build();
    }
}
