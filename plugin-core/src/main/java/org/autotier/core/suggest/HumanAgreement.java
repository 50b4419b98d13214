package org.autotier.core.suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.autotier.core.eval.Agreement;

/**
 * How far the human annotators agree with each other (Fleiss' κ over the segments every tier
 * labelled) and with the model (Cohen's κ against the humans' majority label), with labels
 * compared by canonical emotion ({@link LabelMapping}).
 *
 * @param fleiss NaN with fewer than two human tiers or no segment they all labelled
 * @param modelVsMajority NaN when no segment has a human majority
 */
public record HumanAgreement(double fleiss, double modelVsMajority, int items) {

    public static HumanAgreement of(List<SegmentAnalysis> analyses) {
        List<String> categories = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        int tiers = analyses.stream().mapToInt(a -> a.humanLabels().size()).max().orElse(0);
        for (SegmentAnalysis a : analyses) {
            List<String> h = a.humanLabels().stream().filter(Objects::nonNull).map(HumanAgreement::key).toList();
            if (h.isEmpty()) {
                continue;
            }
            h.forEach(l -> index(categories, l));
            String majority = majority(h);
            if (majority != null) {
                pairs.add(new int[] {index(categories, key(a.suggestion().label())), index(categories, majority)});
            }
            if (tiers >= 2 && h.size() == tiers) {
                int[] row = new int[64];
                h.forEach(l -> row[index(categories, l)]++);
                counts.add(row);
            }
        }
        int k = Math.max(1, categories.size());
        double fleiss = Double.NaN;
        if (!counts.isEmpty()) {
            int[][] m = counts.stream().map(r -> java.util.Arrays.copyOf(r, k)).toArray(int[][]::new);
            fleiss = Agreement.fleiss(m);
        }
        double cohen = pairs.isEmpty() ? Double.NaN : Agreement.cohen(pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray(), k);
        return new HumanAgreement(fleiss, cohen, Math.max(counts.size(), pairs.size()));
    }

    private static String key(String label) {
        String c = LabelMapping.canonical(label);
        return c == null ? label : c;
    }

    private static int index(List<String> categories, String label) {
        int i = categories.indexOf(label);
        if (i < 0) {
            categories.add(label);
            i = categories.size() - 1;
        }
        return i;
    }

    /** The label more than half of the annotators gave, or null. */
    private static String majority(List<String> labels) {
        for (String l : labels) {
            if (labels.stream().filter(l::equals).count() * 2 > labels.size()) {
                return l;
            }
        }
        return null;
    }

    public String describe() {
        return String.format(Locale.ROOT, "fleiss=%.3f model-vs-majority-cohen=%.3f items=%d", fleiss, modelVsMajority,
                items);
    }
}
