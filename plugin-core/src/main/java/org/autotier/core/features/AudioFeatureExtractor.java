package org.autotier.core.features;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Frame-level audio features of seed 000 (103 values per 10 ms frame with the default config):
 * [13 MFCC; 13 Δ; 13 ΔΔ; 64 log-mel].
 *
 * <p>Per frame: pre-emphasis over the whole signal, 25 ms Hamming window, zero-padded 512-point
 * FFT (JTransforms), power spectrum |X_k|², mel filter energies E_m, log-mel ln(E_m + floor) (floor
 * 1e-10, or {@code floorDb} below the clip's strongest mel energy), MFCC as
 * the orthonormal DCT-II of the log-mel vector (c0 … c12), and regression deltas over ±2 frames
 * with the edge frames repeated. Not thread-safe; use one per thread.
 */
public final class AudioFeatureExtractor {
    private static final double LOG_FLOOR = 1e-10;

    private final AudioFeatureConfig config;
    private final double[] window;
    private final MelFilterbank mel;
    private final double[][] dct; // [coefficient][band]
    private final DoubleFFT_1D fft;
    private final double[] buffer;
    private final double[] power;
    private final double[] energies;

    public AudioFeatureExtractor(AudioFeatureConfig config) {
        this.config = config;
        this.window = hamming(config.windowSamples());
        this.mel = new MelFilterbank(config.melBands(), config.fftSize(), config.sampleRate());
        this.dct = dctMatrix(config.mfcc(), config.melBands());
        this.fft = new DoubleFFT_1D(config.fftSize());
        this.buffer = new double[config.fftSize()];
        this.power = new double[config.fftSize() / 2 + 1];
        this.energies = new double[config.melBands()];
    }

    public AudioFeatureConfig config() {
        return config;
    }

    /** w(n) = 0.54 − 0.46·cos(2πn / (N − 1)). */
    public static double[] hamming(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
        }
        return w;
    }

    /** Orthonormal DCT-II rows: d_k(m) = s_k·cos(πk(m + ½)/M), s_0 = √(1/M), s_k = √(2/M). */
    public static double[][] dctMatrix(int coefficients, int size) {
        double[][] d = new double[coefficients][size];
        for (int k = 0; k < coefficients; k++) {
            double s = k == 0 ? Math.sqrt(1.0 / size) : Math.sqrt(2.0 / size);
            for (int m = 0; m < size; m++) {
                d[k][m] = s * Math.cos(Math.PI * k * (m + 0.5) / size);
            }
        }
        return d;
    }

    /** Number of frames for {@code samples} samples: 1 + ⌊(n − window) / hop⌋, at least 1. */
    public int frames(int samples) {
        return samples <= config.windowSamples() ? 1 : 1 + (samples - config.windowSamples()) / config.hopSamples();
    }

    /** Power spectrum |X_k|² of one windowed, zero-padded frame starting at {@code start}. */
    public double[] powerSpectrum(float[] emphasised, int start) {
        java.util.Arrays.fill(buffer, 0);
        int n = Math.min(config.windowSamples(), emphasised.length - start);
        for (int i = 0; i < n; i++) {
            buffer[i] = emphasised[start + i] * window[i];
        }
        fft.realForward(buffer);
        // JTransforms packs: [Re0, Re(N/2), Re1, Im1, Re2, Im2, ...]
        int half = config.fftSize() / 2;
        power[0] = buffer[0] * buffer[0];
        power[half] = buffer[1] * buffer[1];
        for (int k = 1; k < half; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
        return power;
    }

    /** y[n] = x[n] − α·x[n−1], y[0] = x[0]; samples scaled to [−1, 1). */
    public float[] preEmphasis(short[] samples, int length) {
        float[] y = new float[length];
        float prev = 0;
        for (int i = 0; i < length; i++) {
            float x = samples[i] / 32768f;
            y[i] = i == 0 ? x : (float) (x - config.preEmphasis() * prev);
            prev = x;
        }
        return y;
    }

    /** The features of a whole clip: [frames][dimension]. */
    public float[][] extract(short[] samples, int length) {
        float[] y = preEmphasis(samples, length);
        int frames = frames(length);
        int c = config.mfcc();
        int bands = config.melBands();
        float[][] out = new float[frames][config.dimension()];
        double[][] cepstra = new double[frames][c];
        double[][] mels = new double[frames][bands];
        double peak = 0;
        for (int t = 0; t < frames; t++) {
            powerSpectrum(y, t * config.hopSamples());
            mel.apply(power, mels[t]);
            for (int m = 0; m < bands; m++) {
                peak = Math.max(peak, mels[t][m]);
            }
        }
        double floor = config.floorDb() > 0 && peak > 0 ? peak * Math.pow(10, -config.floorDb() / 10) : LOG_FLOOR;
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < bands; m++) {
                energies[m] = Math.log(mels[t][m] + floor);
                out[t][3 * c + m] = (float) energies[m];
            }
            for (int k = 0; k < c; k++) {
                double v = 0;
                for (int m = 0; m < bands; m++) {
                    v += dct[k][m] * energies[m];
                }
                cepstra[t][k] = v;
                out[t][k] = (float) v;
            }
        }
        double[][] d1 = deltas(cepstra, config.deltaWidth());
        double[][] d2 = deltas(d1, config.deltaWidth());
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < c; k++) {
                out[t][c + k] = (float) d1[t][k];
                out[t][2 * c + k] = (float) d2[t][k];
            }
        }
        return out;
    }

    /** Regression deltas over ±N frames, edge frames repeated. */
    public static double[][] deltas(double[][] x, int n) {
        int frames = x.length;
        int dim = frames == 0 ? 0 : x[0].length;
        double denom = 0;
        for (int i = 1; i <= n; i++) {
            denom += 2.0 * i * i;
        }
        double[][] d = new double[frames][dim];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < dim; j++) {
                double s = 0;
                for (int i = 1; i <= n; i++) {
                    s += i * (x[Math.min(frames - 1, t + i)][j] - x[Math.max(0, t - i)][j]);
                }
                d[t][j] = s / denom;
            }
        }
        return d;
    }
}
