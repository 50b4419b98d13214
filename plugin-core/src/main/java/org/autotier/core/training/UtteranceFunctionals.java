package org.autotier.core.training;

import java.util.Arrays;
import org.autotier.core.features.PitchTracker;

/**
 * Utterance-level statistics ("functionals", as in openSMILE's feature sets) of a segment: of its
 * raw feature frames [T][13 MFCC, 13 Δ, 13 ΔΔ, 64 log-mel] and of its F0 contour
 * ({@link PitchTracker}). Every statistic is free of the recording's level and of its channel: a
 * gain or a microphone's frequency response adds a constant to each log-mel band (and to each
 * MFCC) over the whole utterance, and each statistic here is a deviation over time, a movement,
 * a difference from the utterance's own loud frames, or a property of the pitch, which those
 * constants leave unchanged. Statistics that a channel moves (the mean spectral shape, mean
 * MFCCs, spectral tilt, the spectral centroid) were measured or tested and dropped: they carried one studio's microphone into
 * the other corpus (docs/model-card.md, E6).
 *
 * <p>Why next to the BiLSTM: the sequence model sees each utterance less its own mean and only
 * its centre 3 s, and it has no pitch. Pitch height, range and movement, loudness dynamics and
 * speech rate are what carries arousal across corpora in the literature, once each speaker's
 * statistics are taken out ({@link FunctionalExpert}).
 */
public final class UtteranceFunctionals {
    private UtteranceFunctionals() {
    }

    /** How many values {@link #of} returns for {@code mfcc} cepstra and {@code melBands} bands. */
    public static int dimension(int mfcc, int melBands) {
        return spectralDimension(mfcc, melBands) + PITCH_DIMENSION;
    }

    static int spectralDimension(int mfcc, int melBands) {
        return melBands + 2 + (mfcc - 1) + mfcc + 1 + 4 + 2 + 2 + 1;
    }

    /** The statistics of a segment: its raw frames' and its pitch track's. */
    public static double[] of(float[][] raw, PitchTracker.Frame[] pitch, int mfcc, int melBands) {
        double[] spectral = spectral(raw, mfcc, melBands);
        double[] p = pitch(pitch);
        double[] out = java.util.Arrays.copyOf(spectral, spectral.length + p.length);
        System.arraycopy(p, 0, out, spectral.length, p.length);
        return out;
    }

    /**
     * Each log-mel band's deviation over time, the deviations of c0, Δc0 and c1-c12, the mean
     * magnitude of Δc0-Δc12 (how fast the spectrum moves), the deviation of ΔΔc0, c0's 10th, 25th,
     * 50th and 75th percentiles below its 95th, the share of frames within 10 and 25 dB of the
     * loud frames, spectral flux (mean, deviation), and the deviation of each loud frame's spectral
     * slope. (The spectral centroid's deviation was dropped: a microphone's response moves it.)
     */
    static double[] spectral(float[][] raw, int mfcc, int melBands) {
        double[] out = new double[spectralDimension(mfcc, melBands)];
        if (raw.length == 0) {
            return out;
        }
        int n = raw.length;
        int mel0 = 3 * mfcc;
        int k = 0;
        for (int b = 0; b < melBands; b++) {
            out[k++] = deviation(raw, mel0 + b);
        }
        out[k++] = deviation(raw, 0);
        out[k++] = deviation(raw, mfcc);
        for (int c = 1; c < mfcc; c++) {
            out[k++] = deviation(raw, c);
        }
        for (int c = 0; c < mfcc; c++) {
            double s = 0;
            for (float[] f : raw) {
                s += Math.abs(f[mfcc + c]);
            }
            out[k++] = s / n;
        }
        out[k++] = deviation(raw, 2 * mfcc);
        // c0's distribution relative to its loud frames: dynamics without the absolute level
        double[] c0 = new double[n];
        for (int t = 0; t < n; t++) {
            c0[t] = raw[t][0];
        }
        double[] sorted = c0.clone();
        Arrays.sort(sorted);
        double p95 = DomainModel.quantile(sorted, 0.95);
        for (double q : new double[] {0.10, 0.25, 0.50, 0.75}) {
            out[k++] = DomainModel.quantile(sorted, q) - p95;
        }
        // c0 = √M · the frame's mean log-mel (orthonormal DCT), so 1 dB in every band moves it by
        // √M · ln(10) / 10
        double unit = Math.sqrt(melBands) * Math.log(10) / 10;
        out[k++] = share(c0, p95 - 10 * unit);
        out[k++] = share(c0, p95 - 25 * unit);
        // spectral flux over log-mel frames
        double fluxSum = 0;
        double fluxSq = 0;
        for (int t = 1; t < n; t++) {
            double s = 0;
            for (int b = 0; b < melBands; b++) {
                double d = raw[t][mel0 + b] - raw[t - 1][mel0 + b];
                s += d * d;
            }
            double flux = Math.sqrt(s / melBands);
            fluxSum += flux;
            fluxSq += flux * flux;
        }
        int pairs = Math.max(1, n - 1);
        out[k++] = fluxSum / pairs;
        out[k++] = Math.sqrt(Math.max(0, fluxSq / pairs - (fluxSum / pairs) * (fluxSum / pairs)));
        // how much the slope (per band) of each loud frame's log-mel varies: a channel adds the same
        // slope to every frame, so the deviation is free of it
        double slopeSum = 0;
        double slopeSq = 0;
        int loud = 0;
        double threshold = p95 - 25 * unit;
        double bandMid = (melBands - 1) / 2.0;
        double bandVar = 0;
        for (int b = 0; b < melBands; b++) {
            bandVar += (b - bandMid) * (b - bandMid);
        }
        for (int t = 0; t < n; t++) {
            if (c0[t] < threshold) {
                continue;
            }
            loud++;
            float[] f = raw[t];
            double mean = 0;
            for (int b = 0; b < melBands; b++) {
                mean += f[mel0 + b] / melBands;
            }
            double cov = 0;
            for (int b = 0; b < melBands; b++) {
                cov += (b - bandMid) * (f[mel0 + b] - mean);
            }
            double slope = cov / bandVar;
            slopeSum += slope;
            slopeSq += slope * slope;
        }
        int m = Math.max(1, loud);
        out[k] = Math.sqrt(Math.max(0, slopeSq / m - (slopeSum / m) * (slopeSum / m)));
        return out;
    }

    /** How many values {@link #pitch} returns. */
    public static final int PITCH_DIMENSION = 12;

    /**
     * Statistics of the F0 contour: the share of voiced frames, F0 in semitones (mean, deviation,
     * 10th/50th/90th percentiles, range), its mean movement between voiced frames and its slope
     * per second, the aperiodicity of voiced and of all frames, and voiced stretches per second.
     */
    public static double[] pitch(PitchTracker.Frame[] frames) {
        double[] out = new double[PITCH_DIMENSION];
        int n = frames.length;
        java.util.List<Double> st = new java.util.ArrayList<>();
        java.util.List<Double> time = new java.util.ArrayList<>();
        double moveSum = 0;
        int moves = 0;
        double aperVoiced = 0;
        double aperAll = 0;
        int runs = 0;
        boolean prevVoiced = false;
        double prevSt = 0;
        for (int t = 0; t < n; t++) {
            PitchTracker.Frame f = frames[t];
            aperAll += f.aperiodicity();
            if (f.voiced()) {
                double s = 12 * Math.log(f.hz() / 100) / Math.log(2);
                st.add(s);
                time.add(t / 100.0);
                aperVoiced += f.aperiodicity();
                if (prevVoiced && Math.abs(s - prevSt) < 6) { // larger jumps are octave errors
                    moveSum += Math.abs(s - prevSt);
                    moves++;
                }
                if (!prevVoiced) {
                    runs++;
                }
                prevSt = s;
            }
            prevVoiced = f.voiced();
        }
        int v = st.size();
        out[0] = n == 0 ? 0 : (double) v / n;
        if (v >= 2) {
            double[] sorted = st.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double mean = java.util.Arrays.stream(sorted).average().orElse(0);
            double var = java.util.Arrays.stream(sorted).map(s -> (s - mean) * (s - mean)).average().orElse(0);
            out[1] = mean;
            out[2] = Math.sqrt(var);
            out[3] = DomainModel.quantile(sorted, 0.10);
            out[4] = DomainModel.quantile(sorted, 0.50);
            out[5] = DomainModel.quantile(sorted, 0.90);
            out[6] = out[5] - out[3];
            out[7] = moves == 0 ? 0 : moveSum / moves;
            double tm = time.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double cov = 0;
            double tv = 0;
            for (int i = 0; i < v; i++) {
                cov += (time.get(i) - tm) * (st.get(i) - mean);
                tv += (time.get(i) - tm) * (time.get(i) - tm);
            }
            out[8] = tv > 0 ? cov / tv : 0;
        }
        out[9] = v == 0 ? 1 : aperVoiced / v;
        out[10] = n == 0 ? 1 : aperAll / n;
        out[11] = n == 0 ? 0 : runs / (n / 100.0);
        return out;
    }

    private static double deviation(float[][] raw, int column) {
        double s = 0;
        double sq = 0;
        for (float[] f : raw) {
            s += f[column];
            sq += (double) f[column] * f[column];
        }
        double mean = s / raw.length;
        return Math.sqrt(Math.max(0, sq / raw.length - mean * mean));
    }

    private static double share(double[] values, double atLeast) {
        int c = 0;
        for (double v : values) {
            if (v >= atLeast) {
                c++;
            }
        }
        return (double) c / values.length;
    }
}
