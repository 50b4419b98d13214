package org.autotier.core.suggest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts probabilities over one label set onto another through canonical emotion names, so the
 * face-expression net's seven classes can be compared and fused with any model's labels
 * (docs/fusion-model.md has the table). A source class with several targets (face-api's
 * "neutral" for RAVDESS's neutral and calm) splits its mass evenly; target labels nothing maps
 * to get none; source classes with no target are dropped and the rest renormalised.
 */
public final class LabelMapping {
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("neutral", "neutral"), Map.entry("calm", "neutral"),
            Map.entry("happy", "happy"), Map.entry("joy", "happy"), Map.entry("happiness", "happy"),
            Map.entry("sad", "sad"), Map.entry("sadness", "sad"),
            Map.entry("angry", "angry"), Map.entry("anger", "angry"),
            Map.entry("fearful", "fearful"), Map.entry("fear", "fearful"),
            Map.entry("disgust", "disgust"), Map.entry("disgusted", "disgust"),
            Map.entry("surprised", "surprised"), Map.entry("surprise", "surprised"));

    private final double[][] weights;

    public LabelMapping(List<String> from, List<String> to) {
        weights = new double[from.size()][to.size()];
        for (int i = 0; i < from.size(); i++) {
            String c = canonical(from.get(i));
            int targets = 0;
            for (String t : to) {
                targets += c != null && c.equals(canonical(t)) ? 1 : 0;
            }
            for (int j = 0; j < to.size(); j++) {
                if (c != null && c.equals(canonical(to.get(j)))) {
                    weights[i][j] = 1.0 / targets;
                }
            }
        }
    }

    /** The canonical emotion of a label, or null when autotier knows no counterpart. */
    public static String canonical(String label) {
        return CANONICAL.get(label.toLowerCase(Locale.ROOT));
    }

    /**
     * The first label of {@code labels} that {@code allowed} admits and that names the same emotion
     * as {@code labels[k]} (calm and neutral do), or -1.
     */
    public static int sameEmotion(List<String> labels, int k, boolean[] allowed) {
        String c = canonical(labels.get(k));
        for (int j = 0; j < labels.size(); j++) {
            if (allowed[j] && c != null && c.equals(canonical(labels.get(j)))) {
                return j;
            }
        }
        return -1;
    }

    /** Whether two labels of different sets name the same emotion. */
    public static boolean same(String a, String b) {
        String ca = canonical(a);
        return ca != null ? ca.equals(canonical(b)) : a.equals(b);
    }

    /** The distribution on the target labels; null when no source mass has a target. */
    public double[] apply(double[] p) {
        double[] out = new double[weights[0].length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += p[i] * weights[i][j];
                sum += p[i] * weights[i][j];
            }
        }
        if (sum <= 0) {
            return null;
        }
        for (int j = 0; j < out.length; j++) {
            out[j] /= sum;
        }
        return out;
    }
}
