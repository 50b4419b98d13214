package org.autotier.core.training;

import java.util.Arrays;
import java.util.List;

/**
 * How unlike the training data an utterance is (docs/suggestions.md, OUT_OF_DOMAIN). An utterance
 * is described by level-free statistics of its raw features: the shape of its mean log-mel
 * spectrum (each band less the mean over bands), each band's deviation over time, the mean of
 * MFCC c1-c12 and the deviation of c0 and of its delta. The training clips give a mean and a
 * deviation per statistic; an utterance's distance is the root mean square of its z-scores.
 * Speech like the training speech lies near 1; noise, music, or another channel lie far out.
 *
 * <p>The thresholds come from held-out speakers of the training corpora (never the test data):
 * {@code q95} and {@code q99} of their distances; beyond q99 the suggestion is flagged
 * OUT_OF_DOMAIN. Beyond a distance {@code from} the audio opinion is shrunk towards uniform, fully
 * at {@code to}: by default from q95 to {@code 2 · q99}; with a {@link ShrinkFit} (autotier
 * calibrate-domain) where the held-out speakers' clips, as recorded and under shifted recording
 * conditions, say confidence and accuracy part.
 *
 * @param shrinkFit the fitted shrink, or null for the default rule (cards written before it)
 */
public record DomainModel(double[] mean, double[] std, double q95, double q99, ShrinkFit shrinkFit) {

    /** The default rule, no fit. */
    public DomainModel(double[] mean, double[] std, double q95, double q99) {
        this(mean, std, q95, q99, null);
    }

    /**
     * Where the shrink starts ({@code from}) and where it is complete ({@code to}, at most
     * {@code nonSpeech}, the distance of the nearest sound that is not speech), fitted by the
     * lowest negative log-likelihood of the labels of {@code clips} held-out clips and
     * {@code copies} shifted copies of each (seed {@code seed}); the NLL and ECE before (the
     * default rule) and after, on all of them.
     */
    public record ShrinkFit(double from, double to, double nonSpeech, int clips, int copies, long seed, double nllBefore,
            double nllAfter, double eceBefore, double eceAfter) {
    }

    /** The same domain model with a fitted shrink. */
    public DomainModel withShrink(ShrinkFit fit) {
        return new DomainModel(mean, std, q95, q99, fit);
    }

    /** The distance from which the audio opinion moves towards uniform. */
    public double shrinkFrom() {
        return shrinkFit == null ? defaultShrinkFrom() : shrinkFit.from();
    }

    /** The distance from which the audio opinion is uniform. */
    public double shrinkTo() {
        return shrinkFit == null ? defaultShrinkTo() : shrinkFit.to();
    }

    /** The default rule's start: q95 of the held-out speakers' distances. */
    public double defaultShrinkFrom() {
        return q95;
    }

    /** The default rule's end: twice q99. */
    public double defaultShrinkTo() {
        return 2 * q99;
    }

    /** The descriptor of an utterance's raw frames [T][13 MFCC, 13 Δ, 13 ΔΔ, 64 log-mel]. */
    public static double[] descriptor(float[][] raw, int mfcc, int melBands) {
        int mel0 = 3 * mfcc;
        int n = Math.max(1, raw.length);
        double[] bandMean = new double[melBands];
        double[] bandSq = new double[melBands];
        double[] cMean = new double[mfcc];
        double c0Sum = 0;
        double c0Sq = 0;
        double d0Sum = 0;
        double d0Sq = 0;
        for (float[] f : raw) {
            for (int b = 0; b < melBands; b++) {
                bandMean[b] += f[mel0 + b];
                bandSq[b] += (double) f[mel0 + b] * f[mel0 + b];
            }
            for (int c = 0; c < mfcc; c++) {
                cMean[c] += f[c];
            }
            c0Sum += f[0];
            c0Sq += (double) f[0] * f[0];
            d0Sum += f[mfcc];
            d0Sq += (double) f[mfcc] * f[mfcc];
        }
        double[] out = new double[2 * melBands + (mfcc - 1) + 2];
        double overall = 0;
        for (int b = 0; b < melBands; b++) {
            bandMean[b] /= n;
            overall += bandMean[b] / melBands;
        }
        int k = 0;
        for (int b = 0; b < melBands; b++) {
            out[k++] = bandMean[b] - overall;
        }
        for (int b = 0; b < melBands; b++) {
            out[k++] = Math.sqrt(Math.max(0, bandSq[b] / n - bandMean[b] * bandMean[b]));
        }
        for (int c = 1; c < mfcc; c++) {
            out[k++] = cMean[c] / n;
        }
        out[k++] = Math.sqrt(Math.max(0, c0Sq / n - (c0Sum / n) * (c0Sum / n)));
        out[k] = Math.sqrt(Math.max(0, d0Sq / n - (d0Sum / n) * (d0Sum / n)));
        return out;
    }

    /** Fitted on the training clips' raw frames, thresholds from the held-out clips'. */
    public static DomainModel fit(List<float[][]> train, List<float[][]> heldOut, int mfcc, int melBands) {
        List<double[]> x = train.stream().filter(f -> f.length > 0).map(f -> descriptor(f, mfcc, melBands)).toList();
        Normalizer stats = Normalizer.fitVectors(x, 1e-3);
        DomainModel unscaled = new DomainModel(stats.mean(), stats.std(), 1, 1);
        double[] dist = heldOut.stream().filter(f -> f.length > 0)
                .mapToDouble(f -> unscaled.distance(f, mfcc, melBands)).sorted().toArray();
        if (dist.length == 0) {
            dist = x.stream().mapToDouble(v -> unscaled.distanceOf(v)).sorted().toArray();
        }
        return new DomainModel(stats.mean(), stats.std(), quantile(dist, 0.95), quantile(dist, 0.99));
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    double distanceOf(double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double z = (v[i] - mean[i]) / std[i];
            s += z * z;
        }
        return Math.sqrt(s / v.length);
    }

    /** The utterance's distance from the training data (about 1 for training-like speech). */
    public double distance(float[][] raw, int mfcc, int melBands) {
        if (raw.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return distanceOf(descriptor(raw, mfcc, melBands));
    }

    /** The out-of-domain score: the distance over q99 (above 1: less like the training data than 99% of held-out speech). */
    public double score(double distance) {
        return distance / q99;
    }

    /** How far the audio opinion moves towards uniform: 0 up to {@link #shrinkFrom}, 1 from {@link #shrinkTo} on. */
    public double shrink(double distance) {
        return shrink(distance, shrinkFrom(), shrinkTo());
    }

    static double shrink(double distance, double from, double to) {
        if (!(distance > from)) {
            return 0;
        }
        return Math.min(1, (distance - from) / Math.max(1e-9, to - from));
    }

    /** (1 − λ) p + λ / C. */
    public static double[] towardsUniform(double[] p, double lambda) {
        if (lambda <= 0) {
            return p;
        }
        double[] out = Arrays.copyOf(p, p.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - lambda) * p[i] + lambda / p.length;
        }
        return out;
    }
}
