package org.autotier.core.features;

/**
 * Fundamental frequency per 10 ms frame by YIN (de Cheveigné and Kawahara, 2002): the cumulative
 * mean normalised difference function of a 40 ms window, its first dip below a threshold, refined
 * by parabolic interpolation. Pitch is what a microphone, a room's colouring and the level leave
 * alone, and it carries much of what is heard as emotion (arousal in its height and range,
 * valence in its contour), so it is the backbone of the utterance statistics
 * ({@code UtteranceFunctionals}).
 *
 * <p>The signal is analysed at 8 kHz (a 2:1 average of the 16 kHz input): speech's F0 lies far
 * below 4 kHz, and it makes the difference function four times cheaper.
 */
public final class PitchTracker {
    /** Lowest and highest F0 searched, in Hz: adult and child voices, not singing. */
    public static final double MIN_HZ = 60;
    public static final double MAX_HZ = 600;
    /** YIN's absolute threshold on the normalised difference. */
    static final double THRESHOLD = 0.15;
    /** A frame whose best dip stays above this is unvoiced. */
    static final double UNVOICED = 0.35;

    /**
     * One frame's estimate.
     *
     * @param hz the F0, or 0 when the frame is unvoiced (or silent)
     * @param aperiodicity the normalised difference at the chosen lag: 0 for a perfectly periodic
     *     frame, towards 1 for noise (breathiness, creak, unvoiced sounds)
     */
    public record Frame(double hz, double aperiodicity) {
        public boolean voiced() {
            return hz > 0;
        }
    }

    private PitchTracker() {
    }

    /**
     * @param samples 16 kHz mono PCM
     * @param length how many of them
     * @return one estimate per 10 ms hop, aligned with {@link AudioFeatureExtractor}'s frames
     *     (frame t is centred near t · 10 ms + 12.5 ms)
     */
    public static Frame[] track(short[] samples, int length) {
        int rate = 8000;
        int n = length / 2;
        float[] x = new float[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (samples[2 * i] + samples[2 * i + 1]) / 65536f;
            energy = Math.max(energy, Math.abs(x[i]));
        }
        int hop = rate / 100;
        int window = rate * 40 / 1000;
        int minLag = (int) Math.floor(rate / MAX_HZ);
        int maxLag = (int) Math.ceil(rate / MIN_HZ);
        int frames = Math.max(1, 1 + (length - 400) / 160);
        Frame[] out = new Frame[frames];
        double[] d = new double[maxLag + 2];
        // silence gate: 50 dB below the clip's peak, so that quiet hum is not called voiced
        double gate = energy * energy * 1e-5;
        for (int t = 0; t < frames; t++) {
            // centre the 40 ms window on the feature frame's centre (12.5 ms into it)
            int centre = t * hop + 100;
            int start = centre - window / 2;
            if (start < 0 || start + window + maxLag + 1 > n) {
                out[t] = new Frame(0, 1);
                continue;
            }
            double power = 0;
            for (int i = 0; i < window; i++) {
                power += x[start + i] * x[start + i];
            }
            if (power / window < gate) {
                out[t] = new Frame(0, 1);
                continue;
            }
            double running = 0;
            d[0] = 1;
            for (int lag = 1; lag <= maxLag + 1; lag++) {
                double s = 0;
                for (int i = 0; i < window; i++) {
                    double diff = x[start + i] - x[start + i + lag];
                    s += diff * diff;
                }
                running += s;
                d[lag] = running > 0 ? s * lag / running : 1;
            }
            int best = -1;
            for (int lag = minLag; lag <= maxLag; lag++) {
                if (d[lag] < THRESHOLD) {
                    while (lag + 1 <= maxLag && d[lag + 1] < d[lag]) {
                        lag++;
                    }
                    best = lag;
                    break;
                }
            }
            if (best < 0) {
                best = minLag;
                for (int lag = minLag + 1; lag <= maxLag; lag++) {
                    best = d[lag] < d[best] ? lag : best;
                }
            }
            double a = d[best];
            if (a > UNVOICED) {
                out[t] = new Frame(0, Math.min(1, a));
                continue;
            }
            double refined = best;
            if (best > 1 && best < maxLag + 1) {
                double den = d[best - 1] - 2 * d[best] + d[best + 1];
                if (den > 0) {
                    refined = best + 0.5 * (d[best - 1] - d[best + 1]) / den;
                }
            }
            out[t] = new Frame(rate / refined, a);
        }
        return out;
    }
}
