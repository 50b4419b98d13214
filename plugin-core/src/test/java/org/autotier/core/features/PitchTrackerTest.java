package org.autotier.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** YIN on signals whose pitch is known: voiced tones, a glide, noise, silence, and any level. */
class PitchTrackerTest {

    /** A voice-like harmonic tone: F0 with 1/k-amplitude harmonics up to 3 kHz, at {@code gain}. */
    static short[] tone(double[] hzPerSample, double gain) {
        short[] s = new short[hzPerSample.length];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            phase += 2 * Math.PI * hzPerSample[i] / 16_000;
            double v = 0;
            for (int k = 1; k * hzPerSample[i] < 3000; k++) {
                v += Math.sin(k * phase) / k;
            }
            s[i] = (short) Math.max(-32768, Math.min(32767, gain * 12_000 * v));
        }
        return s;
    }

    static double[] constant(double hz, int n) {
        double[] f = new double[n];
        Arrays.fill(f, hz);
        return f;
    }

    static double medianVoiced(PitchTracker.Frame[] frames) {
        return Arrays.stream(frames).filter(PitchTracker.Frame::voiced).mapToDouble(PitchTracker.Frame::hz).sorted()
                .skip(Arrays.stream(frames).filter(PitchTracker.Frame::voiced).count() / 2).findFirst().orElse(0);
    }

    @Test
    void findsTheFundamentalOfHarmonicTonesAcrossTheVoiceRange() {
        for (double hz : new double[] {85, 120, 180, 260, 400, 550}) {
            PitchTracker.Frame[] f = PitchTracker.track(tone(constant(hz, 16_000), 1), 16_000);
            long voiced = Arrays.stream(f).filter(PitchTracker.Frame::voiced).count();
            assertTrue(voiced > 0.85 * f.length, hz + " Hz: " + voiced + " of " + f.length + " voiced");
            assertEquals(hz, medianVoiced(f), hz * 0.02, "F0 of a " + hz + " Hz tone");
        }
    }

    @Test
    void oneFramePerFeatureFrame() {
        short[] s = tone(constant(200, 12_345), 1);
        assertEquals(new AudioFeatureExtractor(AudioFeatureConfig.LEVEL_FREE).frames(s.length),
                PitchTracker.track(s, s.length).length);
    }

    @Test
    void followsAGlide() {
        double[] hz = new double[32_000];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = 120 + 120.0 * i / hz.length; // 120 → 240 Hz over 2 s
        }
        PitchTracker.Frame[] f = PitchTracker.track(tone(hz, 1), hz.length);
        for (int t : new int[] {30, 100, 150}) {
            double expected = 120 + 120.0 * (t * 160 + 200) / hz.length;
            assertTrue(f[t].voiced(), "frame " + t);
            assertEquals(expected, f[t].hz(), expected * 0.03, "frame " + t);
        }
    }

    @Test
    void noiseAndSilenceAreUnvoiced() {
        Random r = new Random(3);
        short[] noise = new short[16_000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (6000 * r.nextGaussian());
        }
        long voicedNoise = Arrays.stream(PitchTracker.track(noise, noise.length)).filter(PitchTracker.Frame::voiced)
                .count();
        assertTrue(voicedNoise < 0.05 * 98, "white noise: " + voicedNoise + " frames voiced");
        assertTrue(Arrays.stream(PitchTracker.track(new short[16_000], 16_000)).noneMatch(PitchTracker.Frame::voiced),
                "digital silence");
    }

    @Test
    void theLevelDoesNotMoveThePitch() {
        PitchTracker.Frame[] loud = PitchTracker.track(tone(constant(170, 16_000), 1), 16_000);
        PitchTracker.Frame[] quiet = PitchTracker.track(tone(constant(170, 16_000), 0.02), 16_000);
        assertEquals(medianVoiced(loud), medianVoiced(quiet), 0.5);
        assertEquals(Arrays.stream(loud).filter(PitchTracker.Frame::voiced).count(),
                Arrays.stream(quiet).filter(PitchTracker.Frame::voiced).count(), 2);
    }
}
