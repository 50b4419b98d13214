package org.autotier.core.training;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Speaker-independent k-fold splits: speakers, sorted, are dealt round-robin into k folds; fold i
 * tests on its speakers, validates (early stopping, temperature) on fold i+1's and trains on the
 * rest. No speaker is ever in two of train, validation and test.
 */
public final class SpeakerFolds {
    private SpeakerFolds() {
    }

    /** Which samples go where in one fold. */
    public record Split(int fold, List<Sample> train, List<Sample> validation, List<Sample> test,
            List<String> testSpeakers, List<String> validationSpeakers) {

        /**
         * The same split with its test speakers training too and no test of its own: for a model
         * tested on another corpus, where holding the training corpus's speakers out of training
         * only makes the model worse. Validation stays as it was.
         */
        public Split withTestSpeakersTraining() {
            List<Sample> all = new ArrayList<>(train);
            all.addAll(test);
            return new Split(fold, List.copyOf(all), validation, List.of(), List.of(), validationSpeakers);
        }

        /**
         * The same split training on {@code n} of its training speakers, evenly spaced over their
         * sorted names (so that a corpus's alternation, RAVDESS's men and women, and the mix of
         * corpora are kept): a learning curve, what fewer speakers give and so what more might.
         * Validation and test stay as they were.
         */
        public Split withTrainSpeakers(int n) {
            List<String> speakers = sortedSpeakers(train);
            if (n < 1 || n > speakers.size()) {
                throw new IllegalArgumentException("fold " + fold + " has " + speakers.size()
                        + " training speakers; cannot train on " + n);
            }
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                kept.add(speakers.get((int) ((long) i * speakers.size() / n)));
            }
            return new Split(fold, train.stream().filter(s -> kept.contains(s.speaker())).toList(), validation, test,
                    testSpeakers, validationSpeakers);
        }
    }

    public static List<Split> of(List<Sample> samples, int k) {
        List<String> speakers = sortedSpeakers(samples);
        if (k < 3 || speakers.size() < k) {
            throw new IllegalArgumentException("need k >= 3 folds and at least k speakers; have " + speakers.size());
        }
        List<Split> splits = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int fold = f;
            List<String> test = new ArrayList<>();
            List<String> val = new ArrayList<>();
            for (int i = 0; i < speakers.size(); i++) {
                if (i % k == fold) {
                    test.add(speakers.get(i));
                } else if (i % k == (fold + 1) % k) {
                    val.add(speakers.get(i));
                }
            }
            splits.add(new Split(f,
                    samples.stream().filter(s -> !test.contains(s.speaker()) && !val.contains(s.speaker())).toList(),
                    samples.stream().filter(s -> val.contains(s.speaker())).toList(),
                    samples.stream().filter(s -> test.contains(s.speaker())).toList(), test, val));
        }
        return splits;
    }

    /** The speakers of {@code samples}, each once, sorted by name. */
    private static List<String> sortedSpeakers(List<Sample> samples) {
        return new ArrayList<>(new TreeSet<>(samples.stream().map(Sample::speaker).toList()));
    }
}
