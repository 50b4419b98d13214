package org.autotier.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reference values derived independently of the code under test: formulas evaluated by hand
 * (noted in comments), a naive DFT, the direct DCT sum, and properties the definitions imply.
 */
class AudioFeatureExtractorTest {
    private static final AudioFeatureConfig C = AudioFeatureConfig.SEED_000;

    @Test
    void seedConfigurationGives103ValuesPer10MsFrame() {
        assertEquals(103, C.dimension());
        AudioFeatureExtractor x = new AudioFeatureExtractor(C);
        assertEquals(98, x.frames(16_000), "1 + (16000 - 400) / 160");
        assertEquals(98, x.extract(new short[16_000], 16_000).length);
        assertEquals(1, x.frames(100));
    }

    @Test
    void melScaleMatchesHandComputedValues() {
        // 2595 * log10(1 + 1000/700) = 2595 * 0.385215 = 999.985
        assertEquals(999.985, MelFilterbank.hzToMel(1000), 0.001);
        // 2595 * log10(1 + 8000/700) = 2595 * 1.096183 = 2840.02
        assertEquals(2840.02, MelFilterbank.hzToMel(8000), 0.01);
        assertEquals(440.0, MelFilterbank.melToHz(MelFilterbank.hzToMel(440)), 1e-9);
    }

    @Test
    void filtersAreTrianglesThatPartitionUnity() {
        MelFilterbank fb = new MelFilterbank(64, 512, 16_000);
        double maxMel = MelFilterbank.hzToMel(8000);
        double firstCentre = MelFilterbank.melToHz(maxMel / 65);
        double lastCentre = MelFilterbank.melToHz(maxMel * 64 / 65);
        for (int k = 0; k <= 256; k++) {
            double f = k * 16_000.0 / 512;
            double sum = 0;
            int nonZero = 0;
            for (int m = 0; m < 64; m++) {
                sum += fb.weight(m, k);
                nonZero += fb.weight(m, k) > 0 ? 1 : 0;
            }
            if (f >= firstCentre && f <= lastCentre) {
                assertEquals(1.0, sum, 1e-6, "bin " + k + " (" + f + " Hz)");
            }
            assertTrue(nonZero <= 2, "a bin lies in at most two neighbouring triangles");
        }
        // band 10 by hand: centres at mel 10/65, 11/65, 12/65 of 2840.02 -> 569.7 Hz peak region
        double lo = MelFilterbank.melToHz(maxMel * 10 / 65);
        double mid = MelFilterbank.melToHz(maxMel * 11 / 65);
        double hi = MelFilterbank.melToHz(maxMel * 12 / 65);
        int k = (int) Math.round(mid / (16_000.0 / 512));
        double f = k * 16_000.0 / 512;
        double expected = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
        assertEquals(expected, fb.weight(10, k), 1e-6);
    }

    @Test
    void dctIsTheOrthonormalTypeTwoTransform() {
        double[][] d = AudioFeatureExtractor.dctMatrix(64, 64);
        for (int a = 0; a < 64; a++) {
            for (int b = 0; b < 64; b++) {
                double dot = 0;
                for (int m = 0; m < 64; m++) {
                    dot += d[a][m] * d[b][m];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-9, "rows " + a + ", " + b);
            }
        }
        // a constant vector of 2.0 over 64 bands: c0 = sqrt(1/64) * 64 * 2 = 16, the rest 0
        double[] constant = new double[64];
        java.util.Arrays.fill(constant, 2.0);
        double c0 = 0;
        double c3 = 0;
        for (int m = 0; m < 64; m++) {
            c0 += d[0][m] * constant[m];
            c3 += d[3][m] * constant[m];
        }
        assertEquals(16.0, c0, 1e-12);
        assertEquals(0.0, c3, 1e-12);
    }

    @Test
    void hammingWindowEndsAtPointZeroEightAndPeaksAtOne() {
        double[] w = AudioFeatureExtractor.hamming(400);
        assertEquals(0.08, w[0], 1e-12);
        assertEquals(0.08, w[399], 1e-12);
        // 0.54 - 0.46 cos(2π·199.5/399) = 0.54 + 0.46 = 1.0 at the (virtual) centre
        assertEquals(1.0, w[199], 1e-4);
    }

    @Test
    void powerSpectrumEqualsANaiveDft() {
        AudioFeatureExtractor x = new AudioFeatureExtractor(C);
        Random r = new Random(11);
        float[] y = new float[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextGaussian();
        }
        double[] p = x.powerSpectrum(y, 0).clone();
        double[] w = AudioFeatureExtractor.hamming(400);
        for (int k : new int[] {0, 1, 37, 128, 255, 256}) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < 400; n++) {
                re += y[n] * w[n] * Math.cos(2 * Math.PI * k * n / 512);
                im -= y[n] * w[n] * Math.sin(2 * Math.PI * k * n / 512);
            }
            assertEquals(re * re + im * im, p[k], 1e-6 * Math.max(1, p[k]), "bin " + k);
        }
    }

    @Test
    void preEmphasisFollowsItsDifferenceEquation() {
        AudioFeatureExtractor x = new AudioFeatureExtractor(C);
        float[] y = x.preEmphasis(new short[] {16384, 16384, 0, -16384}, 4);
        assertEquals(0.5, y[0], 1e-7);
        assertEquals(0.5 - 0.97 * 0.5, y[1], 1e-7);
        assertEquals(0 - 0.97 * 0.5, y[2], 1e-7);
        assertEquals(-0.5, y[3], 1e-7);
    }

    @Test
    void deltasOfARampAreItsSlopeAndTheirDeltasVanish() {
        double[][] ramp = new double[20][1];
        for (int t = 0; t < 20; t++) {
            ramp[t][0] = 3.0 * t;
        }
        double[][] d = AudioFeatureExtractor.deltas(ramp, 2);
        for (int t = 2; t < 18; t++) {
            assertEquals(3.0, d[t][0], 1e-12, "interior frames: (1·6 + 2·12) / 10 = 3");
        }
        // at t = 0 with edges repeated: (1·(3-0) + 2·(6-0)) / 10 = 1.5
        assertEquals(1.5, d[0][0], 1e-12);
        double[][] dd = AudioFeatureExtractor.deltas(d, 2);
        assertEquals(0.0, dd[10][0], 1e-12);
    }

    @Test
    void aToneLightsTheMelBandThatHoldsItsFrequency() {
        short[] s = new short[16_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (10_000 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0));
        }
        float[][] f = new AudioFeatureExtractor(C).extract(s, s.length);
        float[] frame = f[50];
        int best = 0;
        for (int m = 1; m < 64; m++) {
            if (frame[39 + m] > frame[39 + best]) {
                best = m;
            }
        }
        double maxMel = MelFilterbank.hzToMel(8000);
        double centre = MelFilterbank.melToHz(maxMel * (best + 1) / 65);
        double next = MelFilterbank.melToHz(maxMel * (best + 2) / 65);
        double prev = MelFilterbank.melToHz(maxMel * best / 65);
        assertTrue(prev < 1000 && 1000 < next, "band " + best + " centred at " + centre + " Hz");
        // a steady tone: MFCC deltas in the middle of the clip are (near) zero
        for (int k = 13; k < 39; k++) {
            assertEquals(0.0, frame[k], 1e-3, "delta " + k);
        }
    }

    @Test
    void silenceGivesTheLogFloorEverywhere() {
        float[][] f = new AudioFeatureExtractor(C).extract(new short[4000], 4000);
        for (int m = 39; m < 103; m++) {
            assertEquals(Math.log(1e-10), f[3][m], 1e-4);
        }
        // constant log-mel vector -> only c0 is non-zero: sqrt(1/64) * 64 * ln(1e-10)
        assertEquals(8 * Math.log(1e-10), f[3][0], 1e-3);
        assertEquals(0.0, f[3][5], 1e-4);
    }
}
