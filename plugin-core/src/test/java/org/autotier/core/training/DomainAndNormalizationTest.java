package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.augment.AudioAugmentation;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.features.AudioFeatureExtractor;
import org.junit.jupiter.api.Test;

/**
 * Utterance normalisation takes a recording's level out of the features, and the out-of-domain
 * score rises on input unlike the training data (noise and music made here).
 */
class DomainAndNormalizationTest {
    private static final AudioFeatureConfig F = AudioFeatureConfig.LEVEL_FREE;

    /** Speech-like: a voiced source with a moving pitch through two moving formant resonances, in syllables. */
    static float[] speechLike(Random r, double seconds) {
        int n = (int) (seconds * 16_000);
        float[] x = new float[n];
        double f0 = 110 + 120 * r.nextDouble();
        double phase = 0;
        double y1 = 0;
        double y2 = 0;
        double z1 = 0;
        double z2 = 0;
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            double f = f0 * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t + r.nextDouble() * 0.01));
            phase += f / 16_000;
            double src = (phase % 1.0) < 0.1 ? 1 : 0;
            src += 0.05 * r.nextGaussian();
            double f1 = 500 + 300 * Math.sin(2 * Math.PI * 3 * t);
            double f2 = 1500 + 600 * Math.cos(2 * Math.PI * 2.3 * t);
            double rr = 0.97;
            double c1 = 2 * rr * Math.cos(2 * Math.PI * f1 / 16_000);
            double c2 = 2 * rr * Math.cos(2 * Math.PI * f2 / 16_000);
            double o1 = src + c1 * y1 - rr * rr * y2;
            y2 = y1;
            y1 = o1;
            double o2 = o1 + c2 * z1 - rr * rr * z2;
            z2 = z1;
            z1 = o2;
            double envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
            x[i] = (float) (0.002 * o2 * envelope);
        }
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        // a room's noise floor 50 dB below the peak, as every real recording has
        for (int i = 0; i < n; i++) {
            x[i] = (float) (x[i] / peak * 0.5 + 0.5 * Math.pow(10, -50 / 20.0) * r.nextGaussian());
        }
        return x;
    }

    static float[][] features(float[] x) {
        short[] s = AudioAugmentation.toShort(x);
        return new AudioFeatureExtractor(F).extract(s, s.length);
    }

    @Test
    void utteranceNormalisationRemovesTheRecordingLevel() {
        float[] x = speechLike(new Random(1), 2);
        float[][] ref = FeatureNormalization.utterance(features(x));
        for (double db : new double[] {-30, -10, 6}) {
            float[][] y = FeatureNormalization.utterance(features(AudioAugmentation.gain(x, db)));
            double maxDiff = 0;
            double maxRaw = 0;
            float[][] raw = features(AudioAugmentation.gain(x, db));
            float[][] raw0 = features(x);
            for (int t = 0; t < ref.length; t++) {
                for (int d = 0; d < ref[t].length; d++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ref[t][d] - y[t][d]));
                    maxRaw = Math.max(maxRaw, Math.abs(raw0[t][d] - raw[t][d]));
                }
            }
            // int16 rounding at −30 dB leaves a little; the raw features move by the gain itself
            assertTrue(maxDiff < 0.05 * maxRaw, db + " dB: normalised features differ by " + maxDiff
                    + ", raw ones by " + maxRaw);
        }
    }

    @Test
    void utteranceVarianceNormalisationGivesEveryDimensionZeroMeanAndUnitSpread() {
        float[][] raw = features(speechLike(new Random(3), 2));
        float[][] y = FeatureNormalization.utteranceVariance(raw);
        for (int d = 0; d < raw[0].length; d++) {
            double sum = 0;
            double sq = 0;
            double rawSq = 0;
            double rawMean = 0;
            for (float[] f : raw) {
                rawMean += f[d] / raw.length;
            }
            for (int t = 0; t < y.length; t++) {
                sum += y[t][d];
                sq += y[t][d] * y[t][d];
                rawSq += (raw[t][d] - rawMean) * (raw[t][d] - rawMean);
            }
            assertEquals(0, sum / y.length, 1e-4, "mean of dimension " + d);
            // a flat dimension is left flat rather than blown up
            double expected = Math.sqrt(rawSq / raw.length) < FeatureNormalization.MIN_DEVIATION ? 0 : 1;
            assertEquals(expected, Math.sqrt(sq / y.length), expected == 0 ? 1e-3 : 1e-3, "deviation of dimension " + d);
        }
        // a dimension scaled by 3 (a louder dynamic range) comes out the same
        float[][] scaled = new float[raw.length][];
        for (int t = 0; t < raw.length; t++) {
            scaled[t] = raw[t].clone();
            scaled[t][40] = raw[t][40] * 3 + 7;
        }
        float[][] z = FeatureNormalization.utteranceVariance(scaled);
        for (int t = 0; t < y.length; t++) {
            assertEquals(y[t][40], z[t][40], 1e-4);
        }
        assertEquals(FeatureNormalization.UTTERANCE_VARIANCE, FeatureNormalization.parse("utterance-variance"));
        assertEquals("utterance-variance", FeatureNormalization.UTTERANCE_VARIANCE.id());
        assertEquals(FeatureNormalization.UTTERANCE, FeatureNormalization.parse(FeatureNormalization.UTTERANCE.id()));
    }

    @Test
    void outOfDomainScoreRisesOnNoiseAndMusicButNotOnMoreSpeechOrItsLevel() {
        Random r = new Random(2);
        List<float[][]> train = new ArrayList<>();
        List<float[][]> held = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            train.add(features(speechLike(r, 1.5 + r.nextDouble())));
        }
        for (int i = 0; i < 20; i++) {
            held.add(features(speechLike(r, 1.5 + r.nextDouble())));
        }
        DomainModel m = DomainModel.fit(train, held, F.mfcc(), F.melBands());
        float[] speech = speechLike(r, 2);
        double inDomain = m.score(m.distance(features(speech), F.mfcc(), F.melBands()));
        double louder = m.score(m.distance(features(AudioAugmentation.gain(speech, -20)), F.mfcc(), F.melBands()));
        float[] noise = AudioAugmentation.noise(new float[32_000], 0, false, r);
        float[] white = new float[32_000];
        Random g = new Random(3);
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (0.1 * g.nextGaussian());
        }
        // music: a chord of sustained harmonic notes
        float[] music = new float[32_000];
        double[] notes = {261.6, 329.6, 392.0, 523.3};
        for (int i = 0; i < music.length; i++) {
            for (double f : notes) {
                for (int h = 1; h <= 4; h++) {
                    music[i] += (float) (0.05 / h * Math.sin(2 * Math.PI * f * h * i / 16_000));
                }
            }
        }
        double noiseScore = m.score(m.distance(features(white), F.mfcc(), F.melBands()));
        double musicScore = m.score(m.distance(features(music), F.mfcc(), F.melBands()));
        System.out.printf("out-of-domain score: speech %.2f (at -20 dB %.2f), white noise %.2f, music %.2f%n",
                inDomain, louder, noiseScore, musicScore);
        assertTrue(inDomain <= 1.0, "held-out-like speech is in domain: " + inDomain);
        assertEquals(inDomain, louder, 0.05, "the level does not make speech out of domain");
        assertTrue(noiseScore > 2, "noise is far out: " + noiseScore);
        assertTrue(musicScore > 2, "music is far out: " + musicScore);
        assertEquals(0, m.shrink(m.q95() * 0.9), 1e-12);
        assertEquals(1, m.shrink(2 * m.q99() + 1), 1e-12);
        double[] p = DomainModel.towardsUniform(new double[] {0.9, 0.1}, 0.5);
        assertEquals(0.7, p[0], 1e-12);
        assertEquals(0.3, p[1], 1e-12);
        assertTrue(noise.length > 0);
    }

    @Test
    void theShippedModelCallsNoiseAndMusicOutOfDomainButNotSpeech() throws Exception {
        ModelCard card = ModelStore.readCard(org.autotier.core.suggest.ShippedModel.path());
        DomainModel m = card.domain();
        AudioFeatureConfig f = card.features();
        Random r = new Random(4);
        float[] white = new float[48_000];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (0.05 * r.nextGaussian());
        }
        float[] music = new float[48_000];
        double[] notes = {220, 277.2, 329.6};
        for (int i = 0; i < music.length; i++) {
            for (double hz : notes) {
                for (int h = 1; h <= 5; h++) {
                    music[i] += (float) (0.04 / h * Math.sin(2 * Math.PI * hz * h * i / 16_000));
                }
            }
        }
        java.util.function.Function<float[], Double> score = x -> {
            short[] pcm = AudioAugmentation.toShort(x);
            return m.score(m.distance(new AudioFeatureExtractor(f).extract(pcm, pcm.length), f.mfcc(), f.melBands()));
        };
        double noise = score.apply(white);
        double chord = score.apply(music);
        System.out.printf("shipped model, out-of-domain score: white noise %.2f, chord %.2f%n", noise, chord);
        assertTrue(noise > 1, "noise is out of domain: " + noise);
        assertTrue(chord > 1, "music is out of domain: " + chord);
        // noise and music get no opinion (a uniform distribution)
        assertEquals(1, m.shrink(noise * m.q99()), 1e-12, "shrink on noise");
        assertEquals(1, m.shrink(chord * m.q99()), 1e-12, "shrink on music");
        var shared = org.autotier.core.testing.MediaFixtures.sharedData();
        if (shared.isPresent()) {
            // a RAVDESS actor the model never saw is in domain
            short[] pcm = org.autotier.core.testing.MediaFixtures.readAudio(shared.get().resolve(
                    "ravdess-speech-16k/Actor_01/03-01-05-01-01-01-01.wav"));
            double speech = m.score(m.distance(new AudioFeatureExtractor(f).extract(pcm, pcm.length), f.mfcc(),
                    f.melBands()));
            System.out.printf("shipped model, out-of-domain score: unseen RAVDESS actor %.2f%n", speech);
            assertTrue(speech <= 1, "held-out speech of a training corpus is in domain: " + speech);
        }
    }
}
