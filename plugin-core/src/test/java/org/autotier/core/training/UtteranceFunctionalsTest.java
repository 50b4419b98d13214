package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.features.AudioFeatureExtractor;
import org.autotier.core.features.PitchTracker;
import org.junit.jupiter.api.Test;

/** The utterance statistics ignore level and channel, and see pitch and dynamics. */
class UtteranceFunctionalsTest {
    static final AudioFeatureConfig F = AudioFeatureConfig.LEVEL_FREE;

    /** A syllable-like signal: a harmonic tone at {@code hz} 4 times a second (125 ms on, 125 ms off), over noise. */
    static short[] speechLike(double hz, double gain, long seed) {
        return bursts(hz, 1, 3000, 0, gain, seed);
    }

    /**
     * Tone bursts as in {@link #speechLike}, harmonics up to 7 kHz, the k-th at 1/k^{@code rolloff}:
     * 1 is a pressed voice's rich source, 2 a breathy one's strong fundamental; {@code noise} in
     * the bursts.
     */
    static short[] voiced(double hz, double rolloff, double noise, long seed) {
        return bursts(hz, rolloff, 7000, noise, 1, seed);
    }

    /** Harmonics of {@code hz} below {@code maxHz} at 1/k^rolloff, on 125 ms in 250, over a noise floor. */
    private static short[] bursts(double hz, double rolloff, double maxHz, double noise, double gain, long seed) {
        Random r = new Random(seed);
        short[] s = new short[32_000];
        for (int i = 0; i < s.length; i++) {
            double env = (i / 2000) % 2 == 0 ? 1 : 0;
            double v = 0;
            for (int k = 1; k * hz < maxHz; k++) {
                v += Math.sin(2 * Math.PI * k * hz * i / 16_000) / Math.pow(k, rolloff);
            }
            if (noise > 0) {
                v += noise * r.nextGaussian();
            }
            s[i] = (short) Math.max(-32768, Math.min(32767, gain * (8000 * env * v + 40 * r.nextGaussian())));
        }
        return s;
    }

    static double[] functionals(short[] s) {
        float[][] raw = new AudioFeatureExtractor(F).extract(s, s.length);
        return UtteranceFunctionals.of(raw, PitchTracker.track(s, s.length), s, F.mfcc(), F.melBands());
    }

    @Test
    void aChannelThatAddsAConstantToEachBandChangesNoSpectralStatistic() {
        short[] s = speechLike(150, 1, 1);
        float[][] raw = new AudioFeatureExtractor(F).extract(s, s.length);
        // a microphone's response: a fixed gain per mel band, i.e. a constant per log-mel band and,
        // through the DCT, per cepstral coefficient; the deltas are untouched
        double[] eq = new double[F.melBands()];
        for (int b = 0; b < eq.length; b++) {
            eq[b] = 1.5 * Math.sin(b / 7.0) - 0.03 * b;
        }
        double[][] dct = AudioFeatureExtractor.dctMatrix(F.mfcc(), F.melBands());
        float[][] coloured = new float[raw.length][];
        for (int t = 0; t < raw.length; t++) {
            coloured[t] = raw[t].clone();
            for (int b = 0; b < eq.length; b++) {
                coloured[t][3 * F.mfcc() + b] += (float) eq[b];
            }
            for (int k = 0; k < F.mfcc(); k++) {
                double c = 0;
                for (int b = 0; b < eq.length; b++) {
                    c += dct[k][b] * eq[b];
                }
                coloured[t][k] += (float) c;
            }
        }
        double[] a = UtteranceFunctionals.spectral(raw, F.mfcc(), F.melBands());
        double[] b = UtteranceFunctionals.spectral(coloured, F.mfcc(), F.melBands());
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-3 * (1 + Math.abs(a[j])), "statistic " + j);
        }
    }

    @Test
    void theLevelChangesNoStatistic() {
        double[] loud = functionals(speechLike(180, 1, 2));
        // 20 dB down: the peak near -29 dBFS, inside the 60 dB floor's range (AudioFeatureConfig.LEVEL_FREE)
        double[] quiet = functionals(speechLike(180, 0.1, 2));
        assertEquals(UtteranceFunctionals.dimension(F.mfcc(), F.melBands()), loud.length);
        for (int j = 0; j < loud.length; j++) {
            assertEquals(loud[j], quiet[j], 0.05 * (1 + Math.abs(loud[j])), "statistic " + j);
        }
    }

    @Test
    void pitchStatisticsFollowThePitch() {
        int p = UtteranceFunctionals.spectralDimension(F.mfcc(), F.melBands());
        double[] low = functionals(speechLike(110, 1, 3));
        double[] high = functionals(speechLike(220, 1, 3));
        // [p]: voiced share; [p + 1]: mean F0 in semitones re 100 Hz
        assertTrue(low[p] > 0.3 && high[p] > 0.3, "the tone bursts are voiced: " + low[p] + ", " + high[p]);
        assertEquals(12 * Math.log(110 / 100.0) / Math.log(2), low[p + 1], 0.3);
        assertEquals(12.0, high[p + 1] - low[p + 1], 0.3, "an octave up is 12 semitones up");
        assertEquals(4, low[p + 11], 0.6, "4 voiced stretches a second");
    }

    @Test
    void voiceStatisticsSeeTheSourceTheNoiseAndTheRhythm() {
        int v = UtteranceFunctionals.spectralDimension(F.mfcc(), F.melBands()) + UtteranceFunctionals.PITCH_DIMENSION;
        double[] pressed = functionals(voiced(150, 1, 0, 4));
        double[] breathy = functionals(voiced(150, 2, 0, 4));
        double[] noisy = functionals(voiced(150, 1, 0.6, 4));
        // [v]: H1-H2 in dB: 20 log10(2^rolloff), 6 dB and 12 dB
        assertEquals(6.0, pressed[v], 1.5, "H1-H2 of a 1/k source");
        assertEquals(12.0, breathy[v], 1.5, "H1-H2 of a 1/k² source");
        // [v + 1]: harmonics to noise, dB
        assertTrue(noisy[v + 1] < pressed[v + 1] - 3, "noise lowers the HNR: " + noisy[v + 1] + " < " + pressed[v + 1]);
        // [v + 2]: alpha ratio (energy below 1 kHz over 1-5 kHz, natural log): a steeper source has more below
        assertTrue(breathy[v + 2] > pressed[v + 2] + 1, breathy[v + 2] + " > " + pressed[v + 2]);
        // [v + 6], [v + 7]: voiced stretches and the gaps between them, 125 ms each
        assertEquals(0.125, pressed[v + 6], 0.03, "voiced stretch");
        assertEquals(0.125, pressed[v + 7], 0.03, "unvoiced gap");
        // [v + 10]: a steady tone's F0 hardly moves from frame to frame
        assertTrue(pressed[v + 10] < 0.2, "jitter proxy of a steady tone: " + pressed[v + 10]);
    }
}
