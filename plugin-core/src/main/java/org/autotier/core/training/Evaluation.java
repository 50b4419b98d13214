package org.autotier.core.training;

import java.util.List;
import org.autotier.core.eval.Calibration;
import org.autotier.core.eval.ClassificationMetrics;

/** Scores a model on labelled clips: WA, UA, F1s, confusion, and ECE before and after its temperature. */
public final class Evaluation {
    /** Draws for the ECE's sampling floor: enough for its mean to two decimals on any corpus. */
    static final int FLOOR_DRAWS = 1000;
    private static final long FLOOR_SEED = 20261202L;

    private Evaluation() {
    }

    /**
     * @param wrongConfident share of all suggestions that are wrong with confidence ≥ 0.9 (the
     *     worst outcome for a reviewer)
     * @param meanConfidence mean confidence of the suggestions
     * @param eceFloor the ECE a perfectly calibrated model with the same confidences would show on
     *     this many clips (sampling alone)
     */
    public record Report(ClassificationMetrics metrics, double ece, double eceUncalibrated, double temperature,
            int samples, Calibration.Bin[] reliability, double wrongConfident, double meanConfidence,
            Calibration.SamplingFloor eceFloor) {

        /** The figures as a map, for --json and model.json. */
        public java.util.Map<String, Object> summary() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("samples", samples);
            m.put("wa", metrics.weightedAccuracy());
            m.put("ua", metrics.unweightedAccuracy());
            m.put("weightedF1", metrics.weightedF1());
            m.put("ece", ece);
            m.put("eceSamplingFloor", eceFloor.mean());
            m.put("eceSamplingFloor95", eceFloor.upper95());
            m.put("wrongConfident", wrongConfident);
            m.put("meanConfidence", meanConfidence);
            return m;
        }
    }

    public static int outputIndex(String head) {
        return switch (head) {
            case "fused" -> 0;
            case "audio" -> 1;
            case "visual" -> 2;
            default -> throw new IllegalArgumentException("unknown head " + head);
        };
    }

    public static Report score(double[][] logits, List<FeatureTable.Clip> clips, List<String> labels,
            double temperature) {
        return score(logits, clips, labels, temperature, null);
    }

    /**
     * Scores calibrated predictions. {@code shrink} (per clip, may be null) moves each distribution
     * towards uniform by the out-of-domain amount, as run does. A model label the corpus does not
     * have, whose emotion a label it has shares (calm where there is only neutral), counts as that
     * label; other absent labels (surprised on EmoDB) count as wrong.
     */
    public static Report score(double[][] logits, List<FeatureTable.Clip> clips, List<String> labels,
            double temperature, double[] shrink) {
        int n = clips.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        double[] conf = new double[n];
        double[] raw = new double[n];
        boolean[] ok = new boolean[n];
        boolean[] ok1 = new boolean[n];
        boolean[] present = new boolean[labels.size()];
        for (FeatureTable.Clip c : clips) {
            present[c.label()] = true;
        }
        double wrongConfident = 0;
        double confSum = 0;
        for (int i = 0; i < n; i++) {
            double lambda = shrink == null ? 0 : shrink[i];
            double[] p = mergeAbsent(DomainModel.towardsUniform(Calibration.softmax(logits[i], temperature), lambda),
                    present, labels);
            double[] p1 = mergeAbsent(Calibration.softmax(logits[i], 1), present, labels);
            int top = 0;
            int top1 = 0;
            for (int k = 1; k < p.length; k++) {
                top = p[k] > p[top] ? k : top;
                top1 = p1[k] > p1[top1] ? k : top1;
            }
            truth[i] = clips.get(i).label();
            pred[i] = top;
            conf[i] = p[top];
            raw[i] = p1[top1];
            ok[i] = top == truth[i];
            ok1[i] = top1 == truth[i];
            confSum += conf[i];
            wrongConfident += !ok[i] && conf[i] >= 0.9 ? 1 : 0;
        }
        return new Report(ClassificationMetrics.of(labels, truth, pred),
                Calibration.expectedCalibrationError(conf, ok, 15), Calibration.expectedCalibrationError(raw, ok1, 15),
                temperature, n, Calibration.reliability(conf, ok, 10), n == 0 ? 0 : wrongConfident / n,
                n == 0 ? 0 : confSum / n, Calibration.samplingFloor(conf, 15, FLOOR_DRAWS, FLOOR_SEED));
    }

    /** Moves the mass of labels absent from the corpus onto a present label of the same emotion. */
    public static double[] mergeAbsent(double[] p, boolean[] present, List<String> labels) {
        double[] out = p.clone();
        for (int k = 0; k < p.length; k++) {
            if (present[k]) {
                continue;
            }
            int j = org.autotier.core.suggest.LabelMapping.sameEmotion(labels, k, present);
            if (j >= 0) {
                out[j] += out[k];
                out[k] = 0;
            }
        }
        return out;
    }
}
