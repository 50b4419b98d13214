package org.autotier.core.training;

import java.nio.file.Path;

/**
 * One labelled clip of a corpus.
 *
 * @param speaker who speaks (the unit of speaker-independent splits)
 * @param label class index in the run's label set
 */
public record Sample(Path media, String speaker, int label, long startMs, long endMs) {
}
