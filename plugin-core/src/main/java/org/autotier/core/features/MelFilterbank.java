package org.autotier.core.features;

/**
 * Triangular filters equally spaced on the HTK mel scale, mel(f) = 2595·log10(1 + f/700), from 0
 * Hz to the Nyquist frequency, applied to power-spectrum bins f_k = k·sr/N. Not area-normalised
 * (HTK convention): between the first and last centre the filters sum to one.
 */
public final class MelFilterbank {
    private final float[][] weights; // [band][bin]
    private final int[] firstBin;
    private final int[] lastBin;

    public MelFilterbank(int bands, int fftSize, int sampleRate) {
        int bins = fftSize / 2 + 1;
        double[] centresHz = pointsHz(bands, sampleRate);
        weights = new float[bands][bins];
        firstBin = new int[bands];
        lastBin = new int[bands];
        for (int m = 0; m < bands; m++) {
            double lo = centresHz[m];
            double mid = centresHz[m + 1];
            double hi = centresHz[m + 2];
            firstBin[m] = Integer.MAX_VALUE;
            lastBin[m] = -1;
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                double w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
                if (w > 0) {
                    weights[m][k] = (float) w;
                    firstBin[m] = Math.min(firstBin[m], k);
                    lastBin[m] = k;
                }
            }
        }
    }

    /**
     * The bands + 2 points equally spaced on the mel scale from 0 Hz to the Nyquist frequency: filter m
     * rises from point m, peaks at point m + 1 (its centre) and falls to point m + 2.
     */
    public static double[] pointsHz(int bands, int sampleRate) {
        double maxMel = hzToMel(sampleRate / 2.0);
        double[] points = new double[bands + 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = melToHz(maxMel * i / (bands + 1));
        }
        return points;
    }

    public static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    public static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    public int bands() {
        return weights.length;
    }

    /** The weight of FFT bin {@code bin} in filter {@code band}. */
    public double weight(int band, int bin) {
        return weights[band][bin];
    }

    /** Filter energies of one power spectrum (length fftSize/2 + 1) into {@code out}. */
    public void apply(double[] power, double[] out) {
        for (int m = 0; m < weights.length; m++) {
            double e = 0;
            float[] w = weights[m];
            for (int k = firstBin[m]; k <= lastBin[m]; k++) {
                e += w[k] * power[k];
            }
            out[m] = e;
        }
    }
}
