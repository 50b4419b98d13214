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

    /**
     * The ECE that sampling alone gives a perfectly calibrated model with these confidences: each
     * suggestion of confidence c is right with probability c, drawn {@code draws} times.
     *
     * @param mean the ECE such a model shows on average on this many clips
     * @param upper95 the ECE it stays at or below in 95% of draws: a measured ECE below it is
     *     within sampling noise of perfect calibration
     */
    public record SamplingFloor(double mean, double upper95) {
    }

    /**
     * Why: ECE is biased upwards on small test sets (on 74 clips in 15 bins a perfectly calibrated
     * model shows several hundredths), so an ECE is read against this floor before it is called
     * miscalibration. Deterministic: the draws are seeded.
     */
    public static SamplingFloor samplingFloor(double[] confidence, int bins, int draws, long seed) {
        if (confidence.length == 0 || draws <= 0) {
            return new SamplingFloor(0, 0);
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[] eces = new double[draws];
        boolean[] correct = new boolean[confidence.length];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < confidence.length; i++) {
                correct[i] = rng.nextDouble() < confidence[i];
            }
            eces[d] = expectedCalibrationError(confidence, correct, bins);
        }
        java.util.Arrays.sort(eces);
        double mean = java.util.Arrays.stream(eces).average().orElse(0);
        return new SamplingFloor(mean, eces[Math.min(draws - 1, (int) Math.ceil(0.95 * draws) - 1)]);
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
