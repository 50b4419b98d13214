package org.autotier.core.training;

import java.util.List;
import org.autotier.core.eval.Calibration;
import org.autotier.core.eval.ClassificationMetrics;

/** Scores a model on labelled clips: WA, UA, F1s, confusion, and ECE before and after its temperature. */
public final class Evaluation {
    private Evaluation() {
    }

    public record Report(ClassificationMetrics metrics, double ece, double eceUncalibrated, double temperature,
            int samples, Calibration.Bin[] reliability) {
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
        int n = clips.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        double[] conf = new double[n];
        double[] raw = new double[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] p = Calibration.softmax(logits[i], temperature);
            double[] p1 = Calibration.softmax(logits[i], 1);
            int top = 0;
            for (int k = 1; k < p.length; k++) {
                top = p[k] > p[top] ? k : top;
            }
            truth[i] = clips.get(i).label();
            pred[i] = top;
            conf[i] = p[top];
            raw[i] = p1[top];
            ok[i] = top == truth[i];
        }
        return new Report(ClassificationMetrics.of(labels, truth, pred),
                Calibration.expectedCalibrationError(conf, ok, 15), Calibration.expectedCalibrationError(raw, ok, 15),
                temperature, n, Calibration.reliability(conf, ok, 10));
    }
}
