package org.autotier.core.training;

import java.util.Arrays;

/**
 * Multinomial logistic regression on {@link UtteranceFunctionals}, z-scored by the training
 * clips' statistics, with an L2 penalty and class weights against imbalance. It is the second
 * audio expert beside the BiLSTM (docs/model-card.md, E6): a linear model on utterance statistics
 * is what transfers between corpora in the cross-corpus literature, and with a few hundred
 * parameters per class it cannot learn one studio's quirks the way a sequence model can.
 *
 * <p>Fitted here in plain Java, full-batch and deterministic (the problem is convex and small:
 * about 1,500 clips × 250 statistics × 8 classes fit in well under a second), so it needs no
 * PyTorch process and gives the same weights on every machine.
 *
 * @param weights [classes][dimension], applied to the z-scored statistics
 */
public record FunctionalClassifier(double[] mean, double[] std, double[][] weights, double[] bias, double l2) {

    /**
     * @param x one statistics vector per training clip
     * @param y each clip's class
     * @param classes how many classes the model has (a class without clips gets no weight)
     * @param l2 the penalty on the weights (per clip: the loss is the mean over clips)
     */
    public static FunctionalClassifier fit(double[][] x, int[] y, int classes, double l2) {
        int n = x.length;
        int d = x[0].length;
        Normalizer stats = Normalizer.fitVectors(Arrays.asList(x), 1e-6);
        double[] mean = stats.mean();
        double[] std = stats.std();
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], mean, std);
        }
        int[] count = new int[classes];
        for (int label : y) {
            count[label]++;
        }
        int present = (int) Arrays.stream(count).filter(c -> c > 0).count();
        double[] classWeight = new double[classes];
        for (int c = 0; c < classes; c++) {
            classWeight[c] = count[c] == 0 ? 0 : (double) n / (present * count[c]);
        }
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        // Adam on the full batch: robust to the statistics' differing curvature, no step tuning
        double[][] mw = new double[classes][d];
        double[][] vw = new double[classes][d];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        double rate = 0.05;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double[][] gw = new double[classes][d];
        double[] gb = new double[classes];
        double[] logits = new double[classes];
        for (int step = 1; step <= 600; step++) {
            for (double[] g : gw) {
                Arrays.fill(g, 0);
            }
            Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    logits[c] = b[c] + dot(w[c], z[i]);
                }
                double[] p = org.autotier.core.eval.Calibration.softmax(logits, 1);
                double cw = classWeight[y[i]] / n;
                for (int c = 0; c < classes; c++) {
                    if (count[c] == 0) {
                        continue;
                    }
                    double err = cw * (p[c] - (c == y[i] ? 1 : 0));
                    gb[c] += err;
                    double[] row = gw[c];
                    double[] zi = z[i];
                    for (int j = 0; j < d; j++) {
                        row[j] += err * zi[j];
                    }
                }
            }
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            for (int c = 0; c < classes; c++) {
                if (count[c] == 0) {
                    b[c] = -30; // a class no clip trained: never predicted
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] + l2 * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= rate * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + 1e-8);
                }
                mb[c] = beta1 * mb[c] + (1 - beta1) * gb[c];
                vb[c] = beta2 * vb[c] + (1 - beta2) * gb[c] * gb[c];
                b[c] -= rate * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
            }
        }
        return new FunctionalClassifier(mean, std, w, b, l2);
    }

    /** The class logits of one clip's statistics. */
    public double[] logits(double[] functionals) {
        double[] z = standardise(functionals, mean, std);
        double[] out = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            out[c] = bias[c] + dot(weights[c], z);
        }
        return out;
    }

    public double[][] logits(double[][] functionals) {
        return Arrays.stream(functionals).map(this::logits).toArray(double[][]::new);
    }

    private static double[] standardise(double[] v, double[] mean, double[] std) {
        double[] z = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            // clipped: one wild statistic of an odd recording must not decide the class alone
            z[j] = Math.max(-6, Math.min(6, (v[j] - mean[j]) / std[j]));
        }
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
