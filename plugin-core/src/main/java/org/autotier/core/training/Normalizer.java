package org.autotier.core.training;

import java.util.List;

/** Per-dimension z-score with statistics from the training clips only (stored in model.json). */
public record Normalizer(double[] mean, double[] std) {

    public static Normalizer fit(List<FeatureTable.Clip> clips) {
        return fitFrames(clips.stream().map(FeatureTable.Clip::frames).toList());
    }

    /** Mean and deviation per dimension over every frame of the sequences; null when there is no frame. */
    public static Normalizer fitFrames(List<float[][]> sequences) {
        Accumulator a = new Accumulator();
        sequences.forEach(a::add);
        return a.result();
    }

    /**
     * {@link #fitFrames} one sequence at a time, so that the sequences need not all be held at once
     * (a long recording's segments); the same sums in the same order give the same result.
     */
    public static final class Accumulator {
        private double[] sum;
        private double[] sq;
        private long n;

        public void add(float[][] sequence) {
            for (float[] f : sequence) {
                if (sum == null) {
                    sum = new double[f.length];
                    sq = new double[f.length];
                }
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += f[i];
                    sq[i] += (double) f[i] * f[i];
                }
                n++;
            }
        }

        /** Frames added so far. */
        public long frames() {
            return n;
        }

        /** Mean and deviation of the frames added; null when there was none. */
        public Normalizer result() {
            if (n == 0) {
                return null;
            }
            double[] mean = new double[sum.length];
            double[] std = new double[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = sum[i] / n;
                std[i] = Math.sqrt(Math.max(0, sq[i] / n - mean[i] * mean[i])) + 1e-6;
            }
            return new Normalizer(mean, std);
        }
    }

    /**
     * Mean and deviation per dimension of a set of vectors (utterance statistics, one per clip),
     * each deviation raised by {@code floor} so that a constant dimension cannot divide by zero.
     */
    public static Normalizer fitVectors(List<double[]> x, double floor) {
        int d = x.get(0).length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (double[] v : x) {
            for (int i = 0; i < d; i++) {
                mean[i] += v[i] / x.size();
                sq[i] += v[i] * v[i] / x.size();
            }
        }
        double[] std = new double[d];
        for (int i = 0; i < d; i++) {
            std[i] = Math.sqrt(Math.max(0, sq[i] - mean[i] * mean[i])) + floor;
        }
        return new Normalizer(mean, std);
    }

    /** A z-scored copy of a whole sequence. */
    public float[][] normalise(float[][] x) {
        float[][] out = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            out[t] = new float[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                out[t][i] = (float) ((x[t][i] - mean[i]) / std[i]);
            }
        }
        return out;
    }

    /**
     * A batch for the model: every sequence normalised, centre-cropped or zero-padded to
     * {@code frames}; returns {x [B·frames·D], mask [B·frames]}.
     */
    public float[][] pack(List<float[][]> sequences, int frames) {
        int b = sequences.size();
        int d = mean.length;
        float[] x = new float[b * frames * d];
        float[] mask = new float[b * frames];
        for (int i = 0; i < b; i++) {
            float[] rowMask = new float[frames];
            float[] row = apply(sequences.get(i), frames, rowMask);
            System.arraycopy(row, 0, x, i * frames * d, row.length);
            System.arraycopy(rowMask, 0, mask, i * frames, frames);
        }
        return new float[][] {x, mask};
    }

    /** A normalised copy, centre-cropped or zero-padded to {@code frames}, and its mask. */
    public float[] apply(float[][] x, int frames, float[] mask) {
        int d = mean.length;
        float[] out = new float[frames * d];
        int offset = Math.max(0, (x.length - frames) / 2);
        int n = Math.min(frames, x.length);
        for (int t = 0; t < n; t++) {
            mask[t] = 1;
            for (int i = 0; i < d; i++) {
                out[t * d + i] = (float) ((x[offset + t][i] - mean[i]) / std[i]);
            }
        }
        return out;
    }
}
