package org.autotier.core.training;

import java.util.Arrays;
import org.autotier.core.features.MelFilterbank;
import org.autotier.core.features.PitchTracker;

/**
 * Utterance-level statistics ("functionals", as in openSMILE's feature sets) of a segment: of its
 * raw feature frames [T][13 MFCC, 13 Δ, 13 ΔΔ, 64 log-mel], of its F0 contour
 * ({@link PitchTracker}) and of its voice, in three blocks: spectral, pitch, voice. Every statistic
 * is free of the recording's level. The spectral and pitch ones are free of its channel too: a
 * gain or a microphone's frequency response adds a constant to each log-mel band (and to each
 * MFCC) over the whole utterance, and each of them is a deviation over time, a movement,
 * a difference from the utterance's own loud frames, or a property of the pitch, which those
 * constants leave unchanged. Statistics that a channel moves (the mean spectral shape, mean
 * MFCCs, spectral tilt, the spectral centroid) were measured or tested and dropped from that set:
 * heard against the population they carried one studio's microphone into the other corpus
 * (docs/model-card.md, E6). The voice block's spectral balance measures do carry the channel in
 * their mean, and are meant to be read relative to the speaker, in the same recording ({@link #voice}).
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
        return spectralDimension(mfcc, melBands) + PITCH_DIMENSION + VOICE_DIMENSION;
    }

    static int spectralDimension(int mfcc, int melBands) {
        return melBands + 2 + (mfcc - 1) + mfcc + 1 + 4 + 2 + 2 + 1;
    }

    /**
     * The statistics of a segment: its raw frames', its pitch track's and its voice's, in that order.
     *
     * @param pcm the segment's 16 kHz samples, which the frames and the pitch track were computed from
     */
    public static double[] of(float[][] raw, PitchTracker.Frame[] pitch, short[] pcm, int mfcc, int melBands) {
        double[] spectral = spectral(raw, mfcc, melBands);
        double[] p = pitch(pitch);
        double[] v = voice(raw, pitch, pcm, mfcc, melBands);
        double[] out = Arrays.copyOf(spectral, spectral.length + p.length + v.length);
        System.arraycopy(p, 0, out, spectral.length, p.length);
        System.arraycopy(v, 0, out, spectral.length + p.length, v.length);
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
        double bandVariance = bandVariance(melBands);
        for (int t = 0; t < n; t++) {
            if (c0[t] < threshold) {
                continue;
            }
            loud++;
            double slope = logMelSlope(raw[t], mel0, melBands, bandVariance);
            slopeSum += slope;
            slopeSq += slope * slope;
        }
        int m = Math.max(1, loud);
        out[k] = Math.sqrt(Math.max(0, slopeSq / m - (slopeSum / m) * (slopeSum / m)));
        return out;
    }

    /** Σ (b − mid)² over the band indices b: the denominator of {@link #logMelSlope}. */
    private static double bandVariance(int melBands) {
        double mid = (melBands - 1) / 2.0;
        double v = 0;
        for (int b = 0; b < melBands; b++) {
            v += (b - mid) * (b - mid);
        }
        return v;
    }

    /** The least-squares slope of one frame's log-mel energies over the band index. */
    private static double logMelSlope(float[] frame, int mel0, int melBands, double bandVariance) {
        double mid = (melBands - 1) / 2.0;
        double mean = 0;
        for (int b = 0; b < melBands; b++) {
            mean += (double) frame[mel0 + b] / melBands;
        }
        double cov = 0;
        for (int b = 0; b < melBands; b++) {
            cov += (b - mid) * (frame[mel0 + b] - mean);
        }
        return cov / bandVariance;
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

    /** How many values {@link #voice} returns. */
    public static final int VOICE_DIMENSION = 12;

    /**
     * Voice quality and rhythm over the voiced frames, after eGeMAPS (Eyben et al., 2016), the
     * feature set built to carry emotion across corpora: H1-H2 (the first two harmonics' level
     * difference: a breathy voice has a strong first harmonic, a pressed one a weak one), the
     * harmonics-to-noise ratio, the alpha ratio (energy below 1 kHz over 1-5 kHz; mean and
     * deviation), the Hammarberg index (the strongest band below 2 kHz over the strongest in
     * 2-5 kHz), the mean log-mel slope, the mean voiced and unvoiced stretch (s), the mean rising
     * and falling F0 slope (semitones/s), a jitter proxy (the median F0 step between voiced frames)
     * and a shimmer proxy (the mean level step between them). All are free of the level; the
     * spectral ones (H1-H2, alpha, Hammarberg, slope) carry the microphone in their mean, which the
     * expert takes out by reading each statistic relative to its speaker ({@link FunctionalExpert}).
     * The level of the voiced frames itself is left out: it carries the studio (model card, E17).
     */
    static double[] voice(float[][] raw, PitchTracker.Frame[] pitch, short[] pcm, int mfcc, int melBands) {
        int mel0 = 3 * mfcc;
        // band b is centred on the (b + 1)-th of the filterbank's points, 0 Hz to 8 kHz
        double[] points = MelFilterbank.pointsHz(melBands, 16_000);
        double bandVariance = bandVariance(melBands);
        Stats h1h2 = new Stats();
        Stats hnr = new Stats();
        Stats alpha = new Stats();
        Stats hammarberg = new Stats();
        Stats slope = new Stats();
        Stats voicedRuns = new Stats();
        Stats gaps = new Stats();
        Stats rise = new Stats();
        Stats fall = new Stats();
        Stats shimmer = new Stats();
        java.util.List<Double> jitter = new java.util.ArrayList<>();
        int n = Math.min(raw.length, pitch.length);
        int run = 0;
        int gap = 0;
        boolean heardVoice = false;
        boolean prevVoiced = false;
        double prevLevel = 0;
        double prevSt = 0;
        for (int t = 0; t < n; t++) {
            PitchTracker.Frame p = pitch[t];
            if (!p.voiced()) {
                if (run > 0) {
                    voicedRuns.add(run / 100.0);
                }
                run = 0;
                gap += heardVoice ? 1 : 0;
                prevVoiced = false;
                continue;
            }
            if (gap > 0) {
                gaps.add(gap / 100.0);
            }
            gap = 0;
            run++;
            heardVoice = true;
            float[] f = raw[t];
            double low = 0;
            double high = 0;
            double maxLow = Double.NEGATIVE_INFINITY;
            double maxHigh = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < melBands; b++) {
                double e = f[mel0 + b];
                double centre = points[b + 1];
                if (centre < 1000) {
                    low += Math.exp(e);
                } else if (centre < 5000) {
                    high += Math.exp(e);
                }
                if (centre < 2000) {
                    maxLow = Math.max(maxLow, e);
                } else if (centre < 5000) {
                    maxHigh = Math.max(maxHigh, e);
                }
            }
            alpha.add(Math.log(low + 1e-12) - Math.log(high + 1e-12));
            hammarberg.add(maxLow - maxHigh);
            slope.add(logMelSlope(f, mel0, melBands, bandVariance));
            double a = Math.min(0.99, Math.max(0.01, p.aperiodicity()));
            hnr.add(10 * Math.log10((1 - a) / a));
            double st = 12 * Math.log(p.hz() / 100) / Math.log(2);
            if (prevVoiced) {
                shimmer.add(Math.abs(f[0] - prevLevel));
                double step = st - prevSt;
                if (Math.abs(step) < 6) { // larger jumps are octave errors
                    jitter.add(Math.abs(step));
                    (step > 0 ? rise : fall).add(Math.abs(step) * 100);
                }
            }
            double h1 = harmonic(pcm, t, p.hz());
            double h2 = harmonic(pcm, t, 2 * p.hz());
            if (h1 > 0 && h2 > 0) {
                h1h2.add(20 * Math.log10(h1 / h2));
            }
            prevLevel = f[0];
            prevSt = st;
            prevVoiced = true;
        }
        if (run > 0) {
            voicedRuns.add(run / 100.0);
        }
        double[] sortedJitter = jitter.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {h1h2.mean(), hnr.mean(), alpha.mean(), alpha.deviation(), hammarberg.mean(),
            slope.mean(), voicedRuns.mean(), gaps.mean(), rise.mean(), fall.mean(),
            sortedJitter.length == 0 ? 0 : sortedJitter[sortedJitter.length / 2], shimmer.mean()};
    }

    /** A Hann window of 40 ms at 16 kHz: at least two periods of the lowest F0 tracked. */
    private static final double[] HARMONIC_WINDOW = new double[640];

    static {
        for (int i = 0; i < HARMONIC_WINDOW.length; i++) {
            HARMONIC_WINDOW[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (HARMONIC_WINDOW.length - 1));
        }
    }

    /**
     * The magnitude of frame t's spectrum at {@code hz}: the largest of five DFT bins within ±5% of
     * it (the tracked F0 is not exact), over a Hann window centred on the frame; 0 where the window
     * leaves the clip.
     */
    static double harmonic(short[] pcm, int t, double hz) {
        int w = HARMONIC_WINDOW.length;
        int start = t * 160 + 200 - w / 2;
        if (start < 0 || start + w > pcm.length || hz > 7000) {
            return 0;
        }
        double best = 0;
        for (int k = -2; k <= 2; k++) {
            double omega = 2 * Math.PI * hz * (1 + 0.025 * k) / 16_000;
            double c = Math.cos(omega);
            double s = -Math.sin(omega);
            double re = 0;
            double im = 0;
            double pr = 1; // e^(-i omega j), by rotation rather than a sine and cosine per sample
            double pi = 0;
            for (int j = 0; j < w; j++) {
                double x = pcm[start + j] * HARMONIC_WINDOW[j];
                re += x * pr;
                im += x * pi;
                double next = pr * c - pi * s;
                pi = pr * s + pi * c;
                pr = next;
            }
            best = Math.max(best, Math.hypot(re, im));
        }
        return best;
    }

    /** A running mean and deviation (0 when nothing was added). */
    private static final class Stats {
        private int n;
        private double sum;
        private double squares;

        void add(double v) {
            n++;
            sum += v;
            squares += v * v;
        }

        double mean() {
            return n == 0 ? 0 : sum / n;
        }

        double deviation() {
            return n == 0 ? 0 : Math.sqrt(Math.max(0, squares / n - mean() * mean()));
        }
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
