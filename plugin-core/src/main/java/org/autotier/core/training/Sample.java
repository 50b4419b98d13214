package org.autotier.core.training;

import java.nio.file.Path;

/**
 * One labelled clip of a corpus.
 *
 * @param speaker who speaks (the unit of speaker-independent splits; unique across corpora)
 * @param label class index in the run's label set
 * @param corpus the corpus it comes from (its folder name), for per-corpus figures
 * @param reference the group of clips the second audio expert reads this one against
 *     ({@link FunctionalExpert#opinions}): the speaker's clips where the corpus names speakers, and
 *     the corpus's own clips where it does not (a {@code folders} corpus without speaker folders).
 *     Why the corpus and not the clip alone: relative to its corpus a clip's pitch and voice are
 *     freed of the studio and the language, and across corpora that recovers most of what the
 *     speaker's reference gives (docs/model-card.md, E27)
 */
public record Sample(Path media, String speaker, int label, long startMs, long endMs, String corpus,
        String reference) {

    /** A clip whose speaker is known: the expert reads it against that speaker's clips. */
    public Sample(Path media, String speaker, int label, long startMs, long endMs, String corpus) {
        this(media, speaker, label, startMs, endMs, corpus, speaker);
    }

    public Sample(Path media, String speaker, int label, long startMs, long endMs) {
        this(media, speaker, label, startMs, endMs, "");
    }

    public Sample withCorpus(String name) {
        return new Sample(media, speaker, label, startMs, endMs, name, reference);
    }

    public Sample withLabel(int newLabel) {
        return new Sample(media, speaker, newLabel, startMs, endMs, corpus, reference);
    }
}
