package org.autotier.core.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.autotier.core.augment.AudioAugmentation;
import org.autotier.core.eval.Calibration;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.features.AudioFeatureExtractor;

/**
 * Fits where the out-of-domain shrink starts and where it is complete ({@link DomainModel.ShrinkFit})
 * from what the model does, rather than by a fixed rule. The evidence is the held-out speakers'
 * clips as recorded and shifted copies of them (each a random chain of the training augmentations:
 * speed, room, microphone, noise, lossy codec, level; {@link AudioAugmentation#randomChain}): every
 * copy lies at some distance from the training data and is right or wrong at some confidence. The
 * fixed rule shrank noisy speech, which the model trained on augmented copies still reads, to
 * uniform (docs/model-card.md, "Under shifted recording conditions"); the fit lets the clips say
 * how far from the training data the model's confidence stops meaning what it says. One bound
 * holds whatever the clips say: the shrink is complete before the nearest of three sounds that are
 * not speech (white noise, pink noise, a sustained chord; {@link #nonSpeechDistance}), so noise
 * and music still get a uniform opinion.
 *
 * <p>Measured (E16): the shifted copies of a training corpus's own speakers stay accurate at
 * distances where another corpus does not, so the fit removes the shrink that kept the model honest
 * on the other corpus (RAVDESS → EmoDB ECE 0.066 → 0.156). Not used for the shipped model.
 */
public final class DomainShrinkFitter {
    private DomainShrinkFitter() {
    }

    /** Where the shrink may start, in multiples of q99 (q95 itself is tried too, and is the default). */
    static final double[] FROM_Q99 = {1, 1.25, 1.5, 2, 2.5, 3};
    /** Where it may be complete, in multiples of its start. */
    static final double[] TO_FROM = {1.25, 1.5, 2, 3, 4};

    /**
     * One clip as the model judged it: its distance from the training data, its audio
     * distribution before the shrink (the second expert pooled in, labels absent from its corpus
     * merged onto their emotion), its label.
     */
    public record Item(double distance, double[] p, int truth) {
        /** The distribution under the shrink from {@code from} to {@code to}. */
        double[] shrunk(double from, double to) {
            return DomainModel.towardsUniform(p, DomainModel.shrink(distance, from, to));
        }
    }

    /** One version of a held-out clip: copy 0 is the clip as recorded. */
    public record Version(int sample, int copy, float[][] frames, double[] functionals, double distance) {
    }

    /**
     * Each sample as recorded and {@code copies} shifted copies, decoded once; copy k of a sample
     * always draws from the same random stream (seeded by {@code seed} and the clip's name).
     */
    public static List<Version> versions(List<Sample> samples, ModelCard card, int copies, long seed, int threads)
            throws IOException {
        AudioFeatureConfig config = card.features();
        boolean withFunctionals = card.functionals() != null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<List<Version>>> futures = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                int index = i;
                Sample s = samples.get(i);
                long streamSeed = FeatureTable.copySeed(s, seed); // as the training copies are seeded
                futures.add(pool.submit(() -> {
                    short[] pcm = FeatureTable.decode(s);
                    float[] x = AudioAugmentation.toFloat(pcm, pcm.length);
                    Random r = new Random(streamSeed);
                    AudioFeatureExtractor extractor = new AudioFeatureExtractor(config);
                    List<Version> out = new ArrayList<>();
                    for (int k = 0; k <= copies; k++) {
                        short[] y = k == 0 ? pcm
                                : AudioAugmentation.toShort(AudioAugmentation.randomChain(x, r, true, new ArrayList<>()));
                        float[][] frames = extractor.extract(y, y.length);
                        double[] functionals = withFunctionals ? FeatureTable.functionals(y, frames, config) : null;
                        out.add(new Version(index, k, frames, functionals,
                                card.domain().distance(frames, config.mfcc(), config.melBands())));
                    }
                    return out;
                }));
            }
            return FeatureTable.collect(futures, samples, n -> { }).stream().flatMap(List::stream).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The distance from the training data of the nearest of three 3-second sounds that are not
     * speech: white noise, pink noise and a sustained chord of harmonic notes, at a speaking level.
     */
    public static double nonSpeechDistance(ModelCard card) {
        AudioFeatureConfig f = card.features();
        Random r = new Random(7);
        int n = 3 * AudioAugmentation.RATE;
        float[] white = new float[n];
        for (int i = 0; i < n; i++) {
            white[i] = (float) (0.05 * r.nextGaussian());
        }
        float[] faint = new float[n];
        java.util.Arrays.fill(faint, 1e-3f); // noise() sets its level relative to a signal's: pink 20 dB above this
        float[] pink = AudioAugmentation.noise(faint, -20, true, r);
        pink = AudioAugmentation.gain(pink, 20 * Math.log10(0.05 / Math.max(1e-12, AudioAugmentation.rms(pink))));
        float[] chord = new float[n];
        double[] notes = {220, 277.2, 329.6};
        for (int i = 0; i < n; i++) {
            for (double hz : notes) {
                for (int h = 1; h <= 5; h++) {
                    chord[i] += (float) (0.04 / h * Math.sin(2 * Math.PI * hz * h * i / AudioAugmentation.RATE));
                }
            }
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (float[] x : List.of(white, pink, chord)) {
            short[] pcm = AudioAugmentation.toShort(x);
            nearest = Math.min(nearest, card.domain().distance(new AudioFeatureExtractor(f).extract(pcm, pcm.length),
                    f.mfcc(), f.melBands()));
        }
        return nearest;
    }

    /**
     * The shrink with the lowest mean negative log-likelihood of the items' labels among those
     * complete by {@code ceiling} (the distance of sounds that are not speech); the default rule
     * (q95 to 2 · q99) unless another is strictly better.
     */
    public static DomainModel.ShrinkFit fit(DomainModel domain, List<Item> items, double ceiling, int clips,
            int copies, long seed) {
        double bestFrom = domain.defaultShrinkFrom();
        double bestTo = domain.defaultShrinkTo();
        double before = nll(items, bestFrom, bestTo);
        double best = before;
        for (double f : FROM_Q99) {
            double from = f * domain.q99();
            for (double m : TO_FROM) {
                if (from * m > ceiling) {
                    continue;
                }
                double nll = nll(items, from, from * m);
                if (nll < best - 1e-9) {
                    best = nll;
                    bestFrom = from;
                    bestTo = from * m;
                }
            }
        }
        return new DomainModel.ShrinkFit(bestFrom, bestTo, ceiling, clips, copies, seed, before, best,
                ece(items, domain.defaultShrinkFrom(), domain.defaultShrinkTo()), ece(items, bestFrom, bestTo));
    }

    static double nll(List<Item> items, double from, double to) {
        double sum = 0;
        for (Item it : items) {
            sum -= Math.log(Math.max(1e-12, it.shrunk(from, to)[it.truth()]));
        }
        return items.isEmpty() ? 0 : sum / items.size();
    }

    /** Expected calibration error of the items' top labels under a shrink (15 bins, as evaluate). */
    public static double ece(List<Item> items, double from, double to) {
        double[] conf = new double[items.size()];
        boolean[] ok = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            double[] p = it.shrunk(from, to);
            int top = 0;
            for (int k = 1; k < p.length; k++) {
                top = p[k] > p[top] ? k : top;
            }
            conf[i] = p[top];
            ok[i] = top == it.truth();
        }
        return Calibration.expectedCalibrationError(conf, ok, 15);
    }
}
