package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Speakers never cross between train, validation and test, and every speaker is tested once. */
class SpeakerFoldsTest {
    /** Three clips each of 10 speakers. */
    private static List<Sample> corpus() {
        List<Sample> out = new ArrayList<>();
        for (int s = 1; s <= 10; s++) {
            for (int c = 0; c < 3; c++) {
                out.add(new Sample(Path.of("s" + s + "-" + c + ".wav"), String.format("sp%02d", s), c, 0, 1000, "x"));
            }
        }
        return out;
    }

    private static Set<String> speakers(List<Sample> samples) {
        return new HashSet<>(samples.stream().map(Sample::speaker).toList());
    }

    @Test
    void noSpeakerIsInTwoPartsAndEachIsTestedOnce() {
        List<Sample> all = corpus();
        List<SpeakerFolds.Split> splits = SpeakerFolds.of(all, 5);
        Set<String> tested = new HashSet<>();
        for (SpeakerFolds.Split s : splits) {
            Set<String> train = speakers(s.train());
            Set<String> val = speakers(s.validation());
            Set<String> test = speakers(s.test());
            assertTrue(java.util.Collections.disjoint(train, val) && java.util.Collections.disjoint(train, test)
                    && java.util.Collections.disjoint(val, test), "fold " + s.fold());
            assertEquals(all.size(), s.train().size() + s.validation().size() + s.test().size());
            assertEquals(2, test.size());
            assertEquals(2, val.size());
            assertEquals(test, new HashSet<>(s.testSpeakers()));
            assertTrue(java.util.Collections.disjoint(tested, test), "a speaker is tested once");
            tested.addAll(test);
        }
        assertEquals(speakers(all), tested);
    }

    @Test
    void withTheTestSpeakersTrainingEverySpeakerTrainsOrValidates() {
        SpeakerFolds.Split split = SpeakerFolds.of(corpus(), 5).get(0);
        SpeakerFolds.Split moved = split.withTestSpeakersTraining();
        assertTrue(moved.test().isEmpty() && moved.testSpeakers().isEmpty(), "no test of its own");
        assertEquals(split.validation(), moved.validation(), "validation unchanged");
        assertEquals(split.validationSpeakers(), moved.validationSpeakers());
        Set<String> train = speakers(moved.train());
        assertEquals(8, train.size());
        assertTrue(train.containsAll(split.testSpeakers()));
        assertTrue(java.util.Collections.disjoint(train, speakers(moved.validation())), "validation still held out");
        assertEquals(split.train().size() + split.test().size(), moved.train().size());
    }

    @Test
    void theTestSpeakersTrainOnlyWhenAnotherCorpusTests() {
        assertThrows(IllegalArgumentException.class, () -> new Experiment.Plan(5, true, List.of(), null, true));
        Sample other = new Sample(Path.of("o.wav"), "other01", 0, 0, 1000, "y");
        assertTrue(new Experiment.Plan(5, false, List.of(other), null, true).testSpeakersTrain());
    }

    @Test
    void fewerTrainingSpeakersAreEvenlySpacedAndLeaveValidationAndTestAlone() {
        // 10 speakers, 5 folds: fold 0 tests sp01 and sp06, validates sp02 and sp07, trains the other 6
        SpeakerFolds.Split full = SpeakerFolds.of(corpus(), 5).get(0);
        assertEquals(Set.of("sp03", "sp04", "sp05", "sp08", "sp09", "sp10"), speakers(full.train()));
        SpeakerFolds.Split three = full.withTrainSpeakers(3);
        assertEquals(Set.of("sp03", "sp05", "sp09"), speakers(three.train()), "every second of the sorted six");
        assertEquals(9, three.train().size(), "all of a kept speaker's clips");
        assertEquals(full.validation(), three.validation());
        assertEquals(full.test(), three.test());
        assertEquals(full.train(), full.withTrainSpeakers(6).train());
        assertThrows(IllegalArgumentException.class, () -> full.withTrainSpeakers(7));
        assertThrows(IllegalArgumentException.class, () -> full.withTrainSpeakers(0));
        assertThrows(IllegalArgumentException.class, () -> new Experiment.Plan(5, true, List.of(), null, false, -1));
    }
}
