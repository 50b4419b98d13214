package org.autotier.core.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-speaker feature normalisation: every frame is z-scored with the mean and deviation of its
 * own speaker's frames (all of that speaker's clips, no labels needed). It removes what differs
 * between voices (pitch range, loudness, microphone) and keeps what differs between a speaker's
 * own utterances, the emotion. At run time the speaker is a face track, or the recording: its
 * speech segments give the statistics. A standard step for speaker-independent emotion recognition.
 *
 * <p>A few seconds of speech say little about a voice: z-scoring one short utterance by itself
 * erases its loudness and pitch level, which carry the emotion. So every speaker's statistics are
 * shrunk towards the population's (the training speakers' pooled frames, kept in model.json) as
 * if {@value #PRIOR_FRAMES} population frames (30 s) were added: a long recording is normalised by
 * itself, a short clip mostly by the population.
 */
public final class SpeakerNormalization {
    /** The population's weight, in frames of 10 ms. */
    public static final int PRIOR_FRAMES = 3000;

    private SpeakerNormalization() {
    }

    /** The speaker's statistics shrunk towards the prior (pooled mean and variance); the speaker's own without one. */
    static Normalizer shrunk(List<float[][]> sequences, Normalizer prior) {
        Normalizer.Accumulator own = new Normalizer.Accumulator();
        sequences.forEach(own::add);
        return shrunk(own, prior);
    }

    /** {@link #shrunk(List, Normalizer)} from the speaker's frames as accumulated. */
    public static Normalizer shrunk(Normalizer.Accumulator frames, Normalizer prior) {
        Normalizer own = frames.result();
        if (own == null || prior == null) {
            return own != null ? own : prior;
        }
        long n = frames.frames();
        double w = (double) n / (n + PRIOR_FRAMES);
        int d = own.mean().length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int i = 0; i < d; i++) {
            double m1 = own.mean()[i];
            double m0 = prior.mean()[i];
            mean[i] = w * m1 + (1 - w) * m0;
            double v1 = own.std()[i] * own.std()[i] + (m1 - mean[i]) * (m1 - mean[i]);
            double v0 = prior.std()[i] * prior.std()[i] + (m0 - mean[i]) * (m0 - mean[i]);
            std[i] = Math.sqrt(w * v1 + (1 - w) * v0);
        }
        return new Normalizer(mean, std);
    }

    /** Every clip normalised with its speaker's statistics. */
    public static List<FeatureTable.Clip> perSpeaker(List<FeatureTable.Clip> clips, Normalizer prior) {
        Map<String, List<float[][]>> bySpeaker = new HashMap<>();
        for (FeatureTable.Clip c : clips) {
            bySpeaker.computeIfAbsent(c.speaker(), k -> new ArrayList<>()).add(c.frames());
        }
        Map<String, Normalizer> stats = new HashMap<>();
        bySpeaker.forEach((k, v) -> stats.put(k, shrunk(v, prior)));
        List<FeatureTable.Clip> out = new ArrayList<>(clips.size());
        for (FeatureTable.Clip c : clips) {
            out.add(new FeatureTable.Clip(stats.get(c.speaker()).normalise(c.frames()), c.label(), c.speaker(), c.visual()));
        }
        return out;
    }
}
