package org.autotier.core.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is taken out of the features before the model's own z-score (docs/model-card.md measures
 * each):
 * <ul>
 *   <li>{@code global}: nothing; the training corpus's statistics alone;
 *   <li>{@code speaker}: each speaker's statistics, shrunk towards the population
 *       ({@link SpeakerNormalization});
 *   <li>{@code utterance}: each utterance's (segment's) own mean per dimension. A gain or a
 *       microphone multiplies the spectrum, which adds a constant to every log-mel band and to
 *       MFCC c0 over the whole utterance; subtracting the utterance's mean removes exactly that,
 *       so the level and channel of a recording no longer reach the model. Deviations, deltas and
 *       the contour over time, where emotion lives, stay.
 *   <li>{@code utterance-variance}: the same, then each dimension divided by its own deviation over
 *       the utterance (cepstral mean and variance normalisation); a recording's dynamic range and
 *       a room's smearing of it go too, and with them whatever emotion lives in the spread alone
 *       (experiment E15 in docs/model-card.md).
 * </ul>
 */
public enum FeatureNormalization {
    GLOBAL, SPEAKER, UTTERANCE, UTTERANCE_VARIANCE;

    /** Deviations below this (a constant band, digital silence) are not scaled up. */
    static final double MIN_DEVIATION = 1e-3;

    /** The configured one; cards written before this option say it with speakerNormalization. */
    public static FeatureNormalization of(TrainingConfig config) {
        if (config.normalization() != null) {
            return parse(config.normalization());
        }
        return config.speakerNormalization() ? SPEAKER : GLOBAL;
    }

    public static FeatureNormalization parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("normalization \"" + name + "\" is unknown; use global, speaker, "
                    + "utterance or utterance-variance");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every clip normalised (SPEAKER groups them by {@link FeatureTable.Clip#speaker()}). */
    public List<FeatureTable.Clip> apply(List<FeatureTable.Clip> clips, Normalizer speakerPrior) {
        return switch (this) {
            case GLOBAL -> clips;
            case SPEAKER -> SpeakerNormalization.perSpeaker(clips, speakerPrior);
            case UTTERANCE, UTTERANCE_VARIANCE -> {
                List<FeatureTable.Clip> out = new ArrayList<>(clips.size());
                for (FeatureTable.Clip c : clips) {
                    out.add(new FeatureTable.Clip(perUtterance(c.frames()), c.label(), c.speaker(), c.visual()));
                }
                yield out;
            }
        };
    }

    /**
     * One recording's segments normalised as training normalised clips, one segment at a time so
     * that a long recording's features need not all be held at once. A speaker's statistics
     * ({@code speaker}) come from all of their segments, so every segment is first
     * {@link Recording#observe observed}, then {@link Recording#normalise normalised}.
     */
    public Recording forRecording(Normalizer speakerPrior) {
        return new Recording(this, speakerPrior);
    }

    /** See {@link #forRecording}. Speakers are named by the caller (a face track, or "" for the recording). */
    public static final class Recording {
        private final FeatureNormalization kind;
        private final Normalizer prior;
        private final java.util.Map<String, Normalizer.Accumulator> observed = new java.util.HashMap<>();
        private final java.util.Map<String, Normalizer> statistics = new java.util.HashMap<>();

        private Recording(FeatureNormalization kind, Normalizer prior) {
            this.kind = kind;
            this.prior = prior;
        }

        /** Takes one segment's raw frames into its speaker's statistics (a no-op unless {@code speaker}). */
        public void observe(String speaker, float[][] frames) {
            if (kind == SPEAKER) {
                if (statistics.containsKey(speaker)) {
                    throw new IllegalStateException("speaker " + speaker + " was observed after normalising began");
                }
                observed.computeIfAbsent(speaker, k -> new Normalizer.Accumulator()).add(frames);
            }
        }

        /** One segment's raw frames, normalised; its speaker's segments must all have been observed. */
        public float[][] normalise(String speaker, float[][] frames) {
            return switch (kind) {
                case GLOBAL -> frames;
                case UTTERANCE, UTTERANCE_VARIANCE -> kind.perUtterance(frames);
                case SPEAKER -> {
                    Normalizer n = statistics.computeIfAbsent(speaker, k -> SpeakerNormalization.shrunk(
                            observed.getOrDefault(k, new Normalizer.Accumulator()), prior));
                    yield n == null ? frames : n.normalise(frames);
                }
            };
        }
    }

    private float[][] perUtterance(float[][] frames) {
        return this == UTTERANCE_VARIANCE ? utteranceVariance(frames) : utterance(frames);
    }

    /** The frames less their own mean per dimension, divided by their own deviation. */
    public static float[][] utteranceVariance(float[][] frames) {
        float[][] out = utterance(frames);
        if (out.length == 0) {
            return out;
        }
        int d = out[0].length;
        double[] sq = new double[d];
        for (float[] f : out) {
            for (int i = 0; i < d; i++) {
                sq[i] += (double) f[i] * f[i];
            }
        }
        for (int i = 0; i < d; i++) {
            double sd = Math.sqrt(sq[i] / out.length);
            double scale = sd < MIN_DEVIATION ? 1 : 1 / sd;
            for (float[] f : out) {
                f[i] = (float) (f[i] * scale);
            }
        }
        return out;
    }

    /** The frames less their own mean per dimension. */
    public static float[][] utterance(float[][] frames) {
        if (frames.length == 0) {
            return frames;
        }
        int d = frames[0].length;
        double[] mean = new double[d];
        for (float[] f : frames) {
            for (int i = 0; i < d; i++) {
                mean[i] += f[i];
            }
        }
        float[][] out = new float[frames.length][d];
        for (int t = 0; t < frames.length; t++) {
            for (int i = 0; i < d; i++) {
                out[t][i] = (float) (frames[t][i] - mean[i] / frames.length);
            }
        }
        return out;
    }
}
