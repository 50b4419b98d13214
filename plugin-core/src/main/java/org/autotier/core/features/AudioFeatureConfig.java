package org.autotier.core.features;

/**
 * Settings of the audio features of seed 000: 16 kHz, pre-emphasis, 25 ms Hamming window, 10 ms
 * hop, 13 MFCC with Δ and ΔΔ, and 64 log-mel bands: 13 × 3 + 64 = 103 values per frame.
 *
 * @param preEmphasis coefficient α of y[n] = x[n] − α·x[n−1]
 * @param fftSize FFT length (frames are zero-padded to it)
 * @param melBands mel filters, 0 Hz to the Nyquist frequency, HTK mel scale
 * @param mfcc cepstral coefficients kept (c0 … c12)
 * @param deltaWidth N of the regression delta, d_t = Σ n (c_{t+n} − c_{t−n}) / (2 Σ n²)
 * @param floorDb the log-mel floor: 0 for a fixed 1e-10 (seed 000); otherwise this many dB below
 *     the clip's strongest mel energy, so that a change of level shifts every frame's log-mel
 *     equally, silent frames too (with a fixed floor, digital silence stays put while speech
 *     moves, and no normalisation can take the level out)
 */
public record AudioFeatureConfig(int sampleRate, double preEmphasis, int windowSamples, int hopSamples, int fftSize,
        int melBands, int mfcc, int deltaWidth, double floorDb) {

    /** Seed 000's features as published (fixed floor). */
    public static final AudioFeatureConfig SEED_000 = new AudioFeatureConfig(16_000, 0.97, 400, 160, 512, 64, 13, 2);

    /**
     * Seed 000's features with a floor 60 dB below the clip's peak: what autotier trains with.
     * 60 dB spans speech's own range and stays above 16-bit rounding noise down to a peak of
     * −30 dBFS, so a quiet recording and a loud one give the same features.
     */
    public static final AudioFeatureConfig LEVEL_FREE = new AudioFeatureConfig(16_000, 0.97, 400, 160, 512, 64, 13, 2,
            60);

    /** Seed 000's settings with the fixed floor (model cards written before floorDb existed). */
    public AudioFeatureConfig(int sampleRate, double preEmphasis, int windowSamples, int hopSamples, int fftSize,
            int melBands, int mfcc, int deltaWidth) {
        this(sampleRate, preEmphasis, windowSamples, hopSamples, fftSize, melBands, mfcc, deltaWidth, 0);
    }

    public AudioFeatureConfig {
        if (windowSamples > fftSize || Integer.bitCount(fftSize) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= the window");
        }
        if (floorDb < 0) {
            throw new IllegalArgumentException("floorDb must be >= 0 (0: fixed floor)");
        }
        if (mfcc > melBands || mfcc < 1 || deltaWidth < 1) {
            throw new IllegalArgumentException("need 1 <= mfcc <= melBands and deltaWidth >= 1");
        }
    }

    /** Values per frame: mfcc × 3 + melBands (103 for seed 000). */
    public int dimension() {
        return 3 * mfcc + melBands;
    }
}
