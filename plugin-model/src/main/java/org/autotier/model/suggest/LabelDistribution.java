package org.autotier.model.suggest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probabilities over a label set, in the model's label order; they sum to 1 (within 1e-6). */
public record LabelDistribution(Map<String, Double> probabilities) {

    public LabelDistribution {
        if (probabilities.isEmpty()) {
            throw new IllegalArgumentException("a distribution needs at least one label");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            double p = e.getValue();
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of " + e.getKey() + " is " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1");
        }
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** Builds a distribution from parallel arrays of labels and probabilities. */
    public static LabelDistribution of(List<String> labels, double[] p) {
        if (labels.size() != p.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + p.length + " probabilities");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            m.put(labels.get(i), p[i]);
        }
        return new LabelDistribution(m);
    }

    /** The most probable label (the first one on ties). */
    public String top() {
        String best = null;
        double bp = -1;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            if (e.getValue() > bp) {
                best = e.getKey();
                bp = e.getValue();
            }
        }
        return best;
    }

    public double probability(String label) {
        return probabilities.getOrDefault(label, 0.0);
    }

    public List<String> labels() {
        return new ArrayList<>(probabilities.keySet());
    }
}
