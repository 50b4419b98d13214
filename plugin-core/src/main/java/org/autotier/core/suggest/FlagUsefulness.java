package org.autotier.core.suggest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.autotier.model.suggest.Flag;

/**
 * How useful the flags are on labelled data: the share of suggestions flagged, the error rate of
 * flagged and unflagged ones, and the share of all errors the flags catch; per flag too, and the
 * risk–coverage curve of abstaining below a confidence threshold.
 */
public record FlagUsefulness(int suggestions, int errors, double flaggedShare, double errorRateFlagged,
        double errorRateUnflagged, double errorsCaught, Map<Flag, double[]> perFlag, List<double[]> riskCoverage) {

    /** One labelled suggestion: its flags, confidence and whether its label was right. */
    public record Outcome(Set<Flag> flags, double confidence, boolean correct) {
    }

    public static FlagUsefulness of(List<Outcome> outcomes) {
        int n = outcomes.size();
        int errors = 0;
        int flagged = 0;
        int flaggedErrors = 0;
        for (Outcome o : outcomes) {
            errors += o.correct() ? 0 : 1;
            if (!o.flags().isEmpty()) {
                flagged++;
                flaggedErrors += o.correct() ? 0 : 1;
            }
        }
        Map<Flag, double[]> perFlag = new EnumMap<>(Flag.class);
        for (Flag f : Flag.values()) {
            int with = 0;
            int withErrors = 0;
            for (Outcome o : outcomes) {
                if (o.flags().contains(f)) {
                    with++;
                    withErrors += o.correct() ? 0 : 1;
                }
            }
            // share flagged, error rate when flagged, share of all errors caught
            perFlag.put(f, new double[] {ratio(with, n), ratio(withErrors, with), ratio(withErrors, errors)});
        }
        List<double[]> curve = new ArrayList<>();
        for (int t = 0; t <= 20; t++) {
            double threshold = t / 20.0;
            int kept = 0;
            int keptErrors = 0;
            for (Outcome o : outcomes) {
                if (o.confidence() >= threshold) {
                    kept++;
                    keptErrors += o.correct() ? 0 : 1;
                }
            }
            curve.add(new double[] {threshold, ratio(kept, n), ratio(keptErrors, kept)});
        }
        return new FlagUsefulness(n, errors, ratio(flagged, n), ratio(flaggedErrors, flagged),
                ratio(errors - flaggedErrors, n - flagged), ratio(flaggedErrors, errors), perFlag, curve);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** The target of issue 5: flags catch at least 70% of errors while flagging at most 30%. */
    public boolean meetsTarget() {
        return errorsCaught >= 0.7 && flaggedShare <= 0.3;
    }
}
