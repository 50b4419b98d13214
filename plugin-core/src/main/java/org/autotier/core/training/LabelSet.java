package org.autotier.core.training;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Emotion label sets and the mappings between corpora (docs/fusion-model.md):
 * RAVDESS has 8 classes, face-api 7, seed 000 six, seed 002 four. A mapping sends a corpus label
 * to a label of the target set, or drops the sample when the target set has no counterpart.
 */
public record LabelSet(String name, List<String> labels, Map<String, String> fromRavdess) {

    public static final List<String> RAVDESS_LABELS =
            List.of("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised");

    public static final LabelSet RAVDESS8 = new LabelSet("ravdess8", RAVDESS_LABELS, Map.of(
            "neutral", "neutral", "calm", "calm", "happy", "happy", "sad", "sad", "angry", "angry",
            "fearful", "fearful", "disgust", "disgust", "surprised", "surprised"));

    /** face-api's expression classes; RAVDESS "calm" has no counterpart and is dropped. */
    public static final LabelSet FACEAPI7 = new LabelSet("faceapi7",
            List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"), Map.of(
                    "neutral", "neutral", "happy", "happy", "sad", "sad", "angry", "angry", "fearful", "fearful",
                    "disgust", "disgusted", "surprised", "surprised"));

    /** Seed 000's six basic emotions (neutral and calm are dropped). */
    public static final LabelSet SEED000_6 = new LabelSet("seed000-6",
            List.of("happy", "sad", "angry", "fearful", "disgust", "surprised"), Map.of(
                    "happy", "happy", "sad", "sad", "angry", "angry", "fearful", "fearful", "disgust", "disgust",
                    "surprised", "surprised"));

    /** Seed 002's four classes; calm counts as neutral, the other emotions are dropped. */
    public static final LabelSet SEED002_4 = new LabelSet("seed002-4", List.of("anger", "joy", "neutral", "sadness"),
            Map.of("angry", "anger", "happy", "joy", "neutral", "neutral", "calm", "neutral", "sad", "sadness"));

    public static final List<LabelSet> ALL = List.of(RAVDESS8, FACEAPI7, SEED000_6, SEED002_4);

    public LabelSet {
        labels = List.copyOf(labels);
        fromRavdess = Map.copyOf(fromRavdess);
        for (String target : fromRavdess.values()) {
            if (!labels.contains(target)) {
                throw new IllegalArgumentException(name + " maps to unknown label " + target);
            }
        }
    }

    public static LabelSet named(String name) {
        return ALL.stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown label set \"" + name + "\"; known: " + ALL.stream().map(LabelSet::name).toList()));
    }

    /** The class index of a RAVDESS emotion in this set, or empty when the set drops it. */
    public Optional<Integer> indexOfRavdess(String ravdessLabel) {
        String target = fromRavdess.get(ravdessLabel);
        return target == null ? Optional.empty() : Optional.of(labels.indexOf(target));
    }

    /**
     * The class index of a label as a corpus names it: the label itself when the set has it, else
     * the set's label for the same emotion (anger → angry, happiness → happy, fear → fearful; calm
     * → neutral in a set without calm); empty when the set has no counterpart (boredom).
     */
    public Optional<Integer> indexOf(String corpusLabel) {
        String name = corpusLabel.trim().toLowerCase(java.util.Locale.ROOT);
        int exact = labels.indexOf(name);
        if (exact >= 0) {
            return Optional.of(exact);
        }
        String canonical = org.autotier.core.suggest.LabelMapping.canonical(name);
        if (canonical == null) {
            return Optional.empty();
        }
        for (int i = 0; i < labels.size(); i++) {
            if (canonical.equals(org.autotier.core.suggest.LabelMapping.canonical(labels.get(i)))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return labels.size();
    }
}
