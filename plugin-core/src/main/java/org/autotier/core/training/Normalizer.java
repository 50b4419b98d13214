package org.autotier.core.training;

import java.util.List;

/** Per-dimension z-score with statistics from the training clips only (stored in model.json). */
public record Normalizer(double[] mean, double[] std) {

    public static Normalizer fit(List<FeatureTable.Clip> clips) {
        int d = clips.get(0).frames()[0].length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        long n = 0;
        for (FeatureTable.Clip c : clips) {
            for (float[] f : c.frames()) {
                for (int i = 0; i < d; i++) {
                    mean[i] += f[i];
                    sq[i] += (double) f[i] * f[i];
                }
                n++;
            }
        }
        double[] std = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
            std[i] = Math.sqrt(Math.max(0, sq[i] / n - mean[i] * mean[i])) + 1e-6;
        }
        return new Normalizer(mean, std);
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
