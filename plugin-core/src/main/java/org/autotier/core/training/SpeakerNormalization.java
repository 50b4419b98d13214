package org.autotier.core.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-speaker feature normalisation: every frame is z-scored with the mean and deviation of its
 * own speaker's frames (all of that speaker's clips, no labels needed). It removes what differs
 * between voices (pitch range, loudness, microphone) and keeps what differs between a speaker's
 * own utterances, the emotion. At run time the speaker is the recording: its speech segments
 * give the statistics. A standard step for speaker-independent emotion recognition.
 */
public final class SpeakerNormalization {
    private SpeakerNormalization() {
    }

    /** Every sequence normalised with the statistics of all of them (one recording = one speaker). */
    public static List<float[][]> together(List<float[][]> sequences) {
        Normalizer n = Normalizer.fitFrames(sequences);
        return n == null ? sequences : sequences.stream().map(n::normalise).toList();
    }

    /** Every clip normalised with its speaker's statistics. */
    public static List<FeatureTable.Clip> perSpeaker(List<FeatureTable.Clip> clips) {
        Map<String, List<float[][]>> bySpeaker = new HashMap<>();
        for (FeatureTable.Clip c : clips) {
            bySpeaker.computeIfAbsent(c.speaker(), k -> new ArrayList<>()).add(c.frames());
        }
        Map<String, Normalizer> stats = new HashMap<>();
        bySpeaker.forEach((k, v) -> stats.put(k, Normalizer.fitFrames(v)));
        List<FeatureTable.Clip> out = new ArrayList<>(clips.size());
        for (FeatureTable.Clip c : clips) {
            out.add(new FeatureTable.Clip(stats.get(c.speaker()).normalise(c.frames()), c.label(), c.speaker()));
        }
        return out;
    }
}
