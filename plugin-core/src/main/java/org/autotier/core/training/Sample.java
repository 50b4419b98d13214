package org.autotier.core.training;

import java.nio.file.Path;

/**
 * One labelled clip of a corpus.
 *
 * @param speaker who speaks (the unit of speaker-independent splits; unique across corpora)
 * @param label class index in the run's label set
 * @param corpus the corpus it comes from (its folder name), for per-corpus figures
 */
public record Sample(Path media, String speaker, int label, long startMs, long endMs, String corpus) {

    public Sample(Path media, String speaker, int label, long startMs, long endMs) {
        this(media, speaker, label, startMs, endMs, "");
    }

    public Sample withCorpus(String name) {
        return new Sample(media, speaker, label, startMs, endMs, name);
    }
}
