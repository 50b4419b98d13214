package org.autotier.core.eval;

/**
 * Temperature scaling (Guo et al., 2017) and expected calibration error.
 *
 * <p>The temperature T > 0 divides the logits before the softmax; it is fitted on held-out data
 * by minimising the negative log-likelihood, a convex problem in log T, solved here by golden
 * section search on log T in [−3, 3] (T from 0.05 to 20).
 */
public final class Calibration {
    private Calibration() {
    }

    /** softmax(logits / temperature). */
    public static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l / temperature);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Mean negative log-likelihood of the true classes at temperature T. */
    public static double nll(double[][] logits, int[] labels, double temperature) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            s -= Math.log(Math.max(1e-300, softmax(logits[i], temperature)[labels[i]]));
        }
        return s / logits.length;
    }

    /** The NLL-minimising temperature. */
    public static double fitTemperature(double[][] logits, int[] labels) {
        if (logits.length == 0) {
            return 1.0;
        }
        double lo = -3;
        double hi = 3;
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a));
        double fb = nll(logits, labels, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** One bin of a reliability diagram. */
    public record Bin(double lower, double upper, long count, double meanConfidence, double accuracy) {
    }

    /** Equal-width confidence bins of the top-class probability. */
    public static Bin[] reliability(double[] confidence, boolean[] correct, int bins) {
        long[] n = new long[bins];
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(bins - 1, (int) (confidence[i] * bins));
            n[b]++;
            conf[b] += confidence[i];
            acc[b] += correct[i] ? 1 : 0;
        }
        Bin[] out = new Bin[bins];
        for (int b = 0; b < bins; b++) {
            out[b] = new Bin((double) b / bins, (double) (b + 1) / bins, n[b], n[b] == 0 ? 0 : conf[b] / n[b],
                    n[b] == 0 ? 0 : acc[b] / n[b]);
        }
        return out;
    }

    /** ECE = Σ_b (n_b / N) · |accuracy_b − confidence_b|, with equal-width bins (15 is customary). */
    public static double expectedCalibrationError(double[] confidence, boolean[] correct, int bins) {
        double ece = 0;
        for (Bin b : reliability(confidence, correct, bins)) {
            ece += (double) b.count() / confidence.length * Math.abs(b.accuracy() - b.meanConfidence());
        }
        return ece;
    }
}
