package org.autotier.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each augmentation changes the signal the way its name says, and leaves its input alone. */
class AudioAugmentationTest {
    private static final int RATE = AudioAugmentation.RATE;

    private static float[] tone(double hz, double seconds, double amplitude) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** Amplitude of the {@code hz} component (single-bin DFT). */
    private static double amplitudeAt(float[] x, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            re += x[i] * Math.cos(2 * Math.PI * hz * i / RATE);
            im += x[i] * Math.sin(2 * Math.PI * hz * i / RATE);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }

    /** Zero crossings per second / 2: the frequency of a pure tone. */
    private static double toneFrequency(float[] x) {
        int crossings = 0;
        for (int i = 1; i < x.length; i++) {
            crossings += (x[i - 1] < 0) != (x[i] < 0) ? 1 : 0;
        }
        return crossings / 2.0 / ((double) x.length / RATE);
    }

    @Test
    void gainScalesByDecibels() {
        float[] x = tone(440, 1, 0.1);
        float[] copy = x.clone();
        assertEquals(-10, 20 * Math.log10(AudioAugmentation.rms(AudioAugmentation.gain(x, -10))
                / AudioAugmentation.rms(x)), 0.01);
        assertEquals(6, 20 * Math.log10(AudioAugmentation.rms(AudioAugmentation.gain(x, 6))
                / AudioAugmentation.rms(x)), 0.01);
        assertTrue(java.util.Arrays.equals(copy, x), "the input is not changed");
    }

    @Test
    void noiseIsAddedAtTheRequestedSignalToNoiseRatio() {
        float[] x = tone(440, 2, 0.2);
        for (boolean pink : new boolean[] {false, true}) {
            for (double snr : new double[] {5, 20}) {
                float[] y = AudioAugmentation.noise(x, snr, pink, new Random(1));
                float[] n = new float[x.length];
                for (int i = 0; i < n.length; i++) {
                    n[i] = y[i] - x[i];
                }
                double measured = 20 * Math.log10(AudioAugmentation.rms(x) / AudioAugmentation.rms(n));
                assertEquals(snr, measured, 0.2, (pink ? "pink" : "white") + " noise at " + snr + " dB");
            }
        }
        // pink noise has more energy low than high; white noise the same
        float[] silence = new float[RATE * 2];
        java.util.Arrays.fill(silence, 1e-3f);
        float[] pink = AudioAugmentation.noise(tone(1000, 2, 0.1), 0, true, new Random(2));
        float[] white = AudioAugmentation.noise(tone(1000, 2, 0.1), 0, false, new Random(2));
        double pinkTilt = band(pink, 100, 400) / band(pink, 4000, 7000);
        double whiteTilt = band(white, 100, 400) / band(white, 4000, 7000);
        assertTrue(pinkTilt > 3 * whiteTilt, "pink noise is tilted: " + pinkTilt + " vs " + whiteTilt);
    }

    private static double band(float[] x, double lo, double hi) {
        double s = 0;
        int n = 0;
        for (double f = lo; f <= hi; f += 50) {
            s += Math.pow(amplitudeAt(x, f), 2);
            n++;
        }
        return s / n;
    }

    @Test
    void equaliserRemovesWhatIsOutsideTheBandAndKeepsWhatIsInside() {
        float[] x = new float[RATE];
        float[] low = tone(100, 1, 0.2);
        float[] mid = tone(1000, 1, 0.2);
        float[] high = tone(6000, 1, 0.2);
        for (int i = 0; i < x.length; i++) {
            x[i] = low[i] + mid[i] + high[i];
        }
        float[] y = AudioAugmentation.equalize(x, 300, 3400, 0);
        assertEquals(0.2, amplitudeAt(y, 1000), 0.01, "inside the band");
        assertTrue(amplitudeAt(y, 100) < 0.02, "below the band: " + amplitudeAt(y, 100));
        assertTrue(amplitudeAt(y, 6000) < 0.02, "above the band: " + amplitudeAt(y, 6000));
        // a tilt of +3 dB/octave lifts 4 kHz by 6 dB relative to 1 kHz
        assertEquals(Math.pow(10, 6 / 20.0), AudioAugmentation.gainAt(4000, 50, 8000, 3)
                / AudioAugmentation.gainAt(1000, 50, 8000, 3), 1e-6);
    }

    @Test
    void reverbSpreadsEnergyIntoTheSilenceAfterASound() {
        float[] x = new float[RATE];
        float[] burst = tone(800, 0.2, 0.3);
        System.arraycopy(burst, 0, x, 0, burst.length);
        float[] y = AudioAugmentation.reverb(x, 0.6, new Random(3));
        float[] tailX = java.util.Arrays.copyOfRange(x, (int) (0.3 * RATE), (int) (0.5 * RATE));
        float[] tailY = java.util.Arrays.copyOfRange(y, (int) (0.3 * RATE), (int) (0.5 * RATE));
        assertEquals(0, AudioAugmentation.rms(tailX), 1e-9);
        assertTrue(AudioAugmentation.rms(tailY) > 0.01, "a tail after the burst: " + AudioAugmentation.rms(tailY));
        assertEquals(AudioAugmentation.rms(x), AudioAugmentation.rms(y), 1e-3, "the level is kept");
    }

    @Test
    void speedPerturbationChangesDurationAndPitchTogether() {
        float[] x = tone(500, 1, 0.2);
        float[] fast = AudioAugmentation.speed(x, 1.1);
        float[] slow = AudioAugmentation.speed(x, 0.9);
        assertEquals(x.length / 1.1, fast.length, 2);
        assertEquals(x.length / 0.9, slow.length, 2);
        assertEquals(550, toneFrequency(fast), 5);
        assertEquals(450, toneFrequency(slow), 5);
    }

    /** Where a tone burst in silence starts, in samples (first sample above a tenth of its peak). */
    private static int onset(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > 0.02) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aPitchShiftMovesPitchAndFormantsButKeepsTheTempo() throws Exception {
        // a 200 Hz voice-like tone from 0.5 s to 1.5 s in 2 s of silence
        float[] x = new float[2 * RATE];
        float[] burst = tone(200, 1, 0.2);
        System.arraycopy(burst, 0, x, RATE / 2, burst.length);
        float[] copy = x.clone();
        for (double semitones : new double[] {-3, 5}) {
            float[] y = AudioAugmentation.pitchShift(x, semitones);
            assertEquals(x.length, y.length, "the duration is kept");
            double expected = 200 * Math.pow(2, semitones / 12);
            float[] middle = java.util.Arrays.copyOfRange(y, (int) (0.7 * RATE), (int) (1.3 * RATE));
            assertEquals(expected, toneFrequency(middle), 3, semitones + " st");
            assertTrue(amplitudeAt(middle, expected) > 0.15, "the shifted tone carries the energy");
            assertTrue(amplitudeAt(middle, 200) < 0.02, "none is left at the old pitch");
            // the burst starts where it did: the speaking rate is kept (speed() would move it by the factor)
            assertEquals(RATE / 2, onset(y), 0.03 * RATE, semitones + " st: onset");
        }
        assertTrue(java.util.Arrays.equals(copy, x), "the input is not changed");
    }

    @Test
    void aChainWithPitchShiftsSomeCopiesAndWithoutItDrawsAsBefore() throws Exception {
        float[] x = tone(300, 1.5, 0.3);
        int shifted = 0;
        for (int k = 0; k < 12; k++) {
            // spread seeds, as the copies' are (java.util.Random's first draws of seeds 0, 1, 2 ... are alike)
            long seed = 0x9E3779B97F4A7C15L * (k + 1);
            List<String> plain = new ArrayList<>();
            List<String> before = new ArrayList<>();
            float[] a = AudioAugmentation.randomChain(x, new Random(seed), false, false, plain);
            float[] b = AudioAugmentation.randomChain(x, new Random(seed), false, before);
            assertEquals(before, plain, "without the pitch shift the chain draws what it drew before the option");
            assertTrue(java.util.Arrays.equals(a, b));
            List<String> withPitch = new ArrayList<>();
            AudioAugmentation.randomChain(x, new Random(seed), false, true, withPitch);
            shifted += withPitch.get(0).startsWith("pitch") ? 1 : 0;
        }
        assertTrue(shifted > 2 && shifted < 10, "about half the copies are in another voice: " + shifted + " of 12");
    }

    @Test
    void lossyCodecRoundTripKeepsTheToneButChangesTheSamples() throws Exception {
        float[] x = tone(700, 1, 0.3);
        for (AudioAugmentation.Codec c : AudioAugmentation.Codec.values()) {
            float[] y = AudioAugmentation.codec(x, c, 24);
            assertTrue(Math.abs(y.length - x.length) < 0.1 * RATE, c + ": about the same length: " + y.length);
            double a = amplitudeAt(java.util.Arrays.copyOf(y, Math.min(x.length, y.length)), 700);
            assertTrue(a > 0.15, c + ": the tone survives: " + a);
            double diff = 0;
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                diff += Math.abs(x[i] - y[i]);
            }
            assertTrue(diff > 0, c + ": a lossy codec changes the samples");
        }
    }

    @Test
    void aRandomChainIsReproducibleAndSaysWhatItDid() throws Exception {
        float[] x = tone(300, 1.5, 0.3);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        float[] ya = AudioAugmentation.randomChain(x, new Random(9), false, a);
        float[] yb = AudioAugmentation.randomChain(x, new Random(9), false, b);
        assertEquals(a, b);
        assertTrue(java.util.Arrays.equals(ya, yb), "same seed, same copy");
        assertTrue(a.get(a.size() - 1).startsWith("gain"), "every copy gets a level: " + a);
        float[] peak = {0};
        for (float v : ya) {
            peak[0] = Math.max(peak[0], Math.abs(v));
        }
        assertTrue(peak[0] <= 1f, "never past full scale");
        assertFalse(java.util.Arrays.equals(ya, x));
    }
}
