package org.autotier.core.eval;

import java.util.List;

/**
 * The figures the seeds report, from a confusion matrix: WA (weighted accuracy = overall
 * accuracy, the emotion-recognition convention), UA (unweighted accuracy = mean per-class
 * recall), weighted F1 (per-class F1 weighted by support), per-class F1 and the matrix itself.
 *
 * @param confusion [true class][predicted class] counts
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion, double weightedAccuracy,
        double unweightedAccuracy, double weightedF1, double[] f1, double[] recall, double[] precision, long total) {

    /** Builds the metrics from parallel arrays of true and predicted class indices. */
    public static ClassificationMetrics of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        int k = labels.size();
        long[][] cm = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            cm[truth[i]][predicted[i]]++;
        }
        return fromConfusion(labels, cm);
    }

    public static ClassificationMetrics fromConfusion(List<String> labels, long[][] cm) {
        int k = labels.size();
        long total = 0;
        long correct = 0;
        long[] support = new long[k];
        long[] predictedCount = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                total += cm[t][p];
                support[t] += cm[t][p];
                predictedCount[p] += cm[t][p];
            }
            correct += cm[t][t];
        }
        double[] recall = new double[k];
        double[] precision = new double[k];
        double[] f1 = new double[k];
        double uaSum = 0;
        int present = 0;
        double wf1 = 0;
        for (int c = 0; c < k; c++) {
            recall[c] = support[c] == 0 ? 0 : (double) cm[c][c] / support[c];
            precision[c] = predictedCount[c] == 0 ? 0 : (double) cm[c][c] / predictedCount[c];
            f1[c] = recall[c] + precision[c] == 0 ? 0 : 2 * recall[c] * precision[c] / (recall[c] + precision[c]);
            if (support[c] > 0) {
                uaSum += recall[c];
                present++;
            }
            wf1 += total == 0 ? 0 : f1[c] * support[c] / total;
        }
        return new ClassificationMetrics(List.copyOf(labels), cm, total == 0 ? 0 : (double) correct / total,
                present == 0 ? 0 : uaSum / present, wf1, f1, recall, precision, total);
    }
}
