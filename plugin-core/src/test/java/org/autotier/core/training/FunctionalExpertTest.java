package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The second audio expert: its classifier, speaker-relative statistics, and the combination. */
class FunctionalExpertTest {

    /**
     * Speakers whose "pitch" (statistic 0) is their own baseline plus 3 per arousal step of the
     * class; statistic 1 is noise. Relative to the speaker, the class is plain; in absolute terms
     * the speakers' baselines (spread 6) hide it.
     */
    record Data(List<double[]> x, List<String> speakers, int[] y) {
    }

    static Data speakers(int count, int perClass, int classes, long seed, double baselineShift) {
        Random r = new Random(seed);
        List<double[]> x = new ArrayList<>();
        List<String> who = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double baseline = 6 * r.nextGaussian() + baselineShift;
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < perClass; k++) {
                    x.add(new double[] {baseline + 3 * c + 0.4 * r.nextGaussian(), r.nextGaussian()});
                    who.add("s" + seed + "-" + s);
                    y.add(c);
                }
            }
        }
        return new Data(x, who, y.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void theClassifierLearnsSeparableClassesAndNeverPredictsAClassWithoutClips() {
        Random r = new Random(5);
        double[][] x = new double[300][];
        int[] y = new int[300];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3; // class 3 of 4 has no clips
            x[i] = new double[] {3 * y[i] + r.nextGaussian() * 0.5, r.nextGaussian()};
        }
        FunctionalClassifier c = FunctionalClassifier.fit(x, y, 4, 0.01);
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            double[] l = c.logits(x[i]);
            int top = 0;
            for (int k = 1; k < l.length; k++) {
                top = l[k] > l[top] ? k : top;
            }
            right += top == y[i] ? 1 : 0;
            assertTrue(top != 3, "a class nothing trained");
        }
        assertTrue(right > 0.95 * x.length, right + " of " + x.length);
    }

    @Test
    void relativeToTheSpeakerTheClassesSeparateOnUnseenSpeakers() {
        Data train = speakers(12, 20, 3, 1, 0);
        Data val = speakers(4, 20, 3, 2, 0);
        // unseen speakers from another "corpus" whose voices all sit 4 higher
        Data test = speakers(4, 20, 3, 3, 4);
        double[][] flat = new double[val.y().length][];
        Arrays.fill(flat, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
        FunctionalExpert e = FunctionalExpert.fit(train.x(), train.speakers(), train.y(), val.x(), val.speakers(),
                val.y(), flat, 3, FunctionalExpert.ALL).expert();
        List<FunctionalExpert.Opinion> o = e.opinions(test.x(), test.speakers());
        int right = 0;
        for (int i = 0; i < o.size(); i++) {
            double[] l = o.get(i).logits();
            int top = 0;
            for (int k = 1; k < l.length; k++) {
                top = l[k] > l[top] ? k : top;
            }
            right += top == test.y()[i] ? 1 : 0;
            assertEquals(60, o.get(i).utterances(), "each speaker's 60 utterances are the reference");
        }
        // the same classifier on the absolute statistics, for comparison
        FunctionalClassifier absolute = FunctionalClassifier.fit(train.x().toArray(double[][]::new), train.y(), 3, 0.01);
        int absRight = 0;
        for (int i = 0; i < test.x().size(); i++) {
            double[] l = absolute.logits(test.x().get(i));
            int top = 0;
            for (int k = 1; k < l.length; k++) {
                top = l[k] > l[top] ? k : top;
            }
            absRight += top == test.y()[i] ? 1 : 0;
        }
        assertTrue(right > 0.8 * o.size(), "speaker-relative: " + right + " of " + o.size());
        assertTrue(right > absRight + 0.2 * o.size(), "relative " + right + " vs absolute " + absRight);
        assertTrue(e.weight() > 0.5, "a flat first opinion leaves the expert most of the say: " + e.weight());
    }

    @Test
    void variedReferencesHoldAllOfASpeakerFirstAndThenOneToThreeOfTheirEmotions() {
        Data d = speakers(3, 5, 4, 11, 0);
        FunctionalExpert e = new FunctionalExpert(new double[] {0, 0}, new double[] {1, 1}, FunctionalExpert.PRIOR,
                null, 1, 1, null);
        FunctionalExpert.Rows rows = e.relativeToVariedReferences(d.x(), d.speakers(), d.y(), 5, 3);
        assertEquals(5 * d.y().length, rows.x().length, "every clip relative to each of 5 references");
        List<double[]> first = e.relativeTogether(d.x().subList(0, 20));
        for (int k = 0; k < 20; k++) {
            assertArrayEquals(first.get(k), rows.x()[k], 1e-12, "the first reference: all of the speaker's clips");
            assertEquals(20, rows.utterances()[k]);
        }
        for (int i = 0; i < rows.x().length; i++) {
            assertEquals(d.y()[rows.source()[i]], rows.labels()[i], "each row keeps its clip's label");
            int size = rows.utterances()[i];
            assertTrue(size == 20 || size == 5 || size == 10 || size == 15, "1-3 emotions of 5 clips, or all: " + size);
        }
        assertTrue(Arrays.stream(rows.utterances()).anyMatch(n -> n < 20), "some references are partial");
        FunctionalExpert.Rows one = e.relativeToVariedReferences(d.x(), d.speakers(), d.y(), 1, 3);
        List<double[]> relative = e.relative(d.x(), d.speakers());
        for (int i = 0; i < relative.size(); i++) {
            assertArrayEquals(relative.get(i), one.x()[i], 0, "one reference: relative()'s rows, in order");
            assertEquals(i, one.source()[i]);
        }
        assertArrayEquals(rows.x()[37], e.relativeToVariedReferences(d.x(), d.speakers(), d.y(), 5, 3).x()[37],
                "drawn from the seed");
    }

    @Test
    void anExpertTrainedOnVariedReferencesIsLessSureOfACalmSpeakersOrdinaryVariation() {
        Data train = speakers(12, 20, 3, 1, 0);
        Data val = speakers(4, 20, 3, 2, 0);
        double[][] flat = new double[val.y().length][];
        Arrays.fill(flat, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
        FunctionalExpert balanced = FunctionalExpert.fit(train.x(), train.speakers(), train.y(), val.x(),
                val.speakers(), val.y(), flat, 3, FunctionalExpert.ALL, 1, 0).expert();
        FunctionalExpert varied = FunctionalExpert.fit(train.x(), train.speakers(), train.y(), val.x(),
                val.speakers(), val.y(), flat, 3, FunctionalExpert.ALL, 4, 0).expert();
        // unseen speakers heard only in class 0 (calm): relative to themselves, their ordinary
        // variation is all there is
        Data test = speakers(6, 20, 3, 3, 0);
        List<double[]> calm = new ArrayList<>();
        List<String> who = new ArrayList<>();
        for (int i = 0; i < test.y().length; i++) {
            if (test.y()[i] == 0) {
                calm.add(test.x().get(i));
                who.add(test.speakers().get(i));
            }
        }
        double[] sureMistakes = new double[2];
        int k = 0;
        for (FunctionalExpert e : List.of(balanced, varied)) {
            for (FunctionalExpert.Opinion o : e.opinions(calm, who)) {
                double[] p = org.autotier.core.eval.Calibration.softmax(o.logits(), e.temperature());
                // another class with confidence >= 0.9: what a reviewer must not see
                sureMistakes[k] += Math.max(p[1], p[2]) >= 0.9 ? 1.0 / calm.size() : 0;
            }
            k++;
        }
        assertTrue(sureMistakes[0] > 0.3, "balanced references: a calm speaker's clips read as other classes, surely "
                + Arrays.toString(sureMistakes));
        assertTrue(sureMistakes[1] < sureMistakes[0] / 3, "varied references: far fewer sure mistakes "
                + Arrays.toString(sureMistakes));
        // on balanced speakers both still separate the classes
        Data mixed = speakers(4, 20, 3, 4, 0);
        List<FunctionalExpert.Opinion> o = varied.opinions(mixed.x(), mixed.speakers());
        int right = 0;
        for (int i = 0; i < o.size(); i++) {
            double[] l = o.get(i).logits();
            int top = l[0] >= l[1] && l[0] >= l[2] ? 0 : l[1] >= l[2] ? 1 : 2;
            right += top == mixed.y()[i] ? 1 : 0;
        }
        assertTrue(right > 0.8 * o.size(), "varied references, balanced speakers: " + right + " of " + o.size());
    }

    @Test
    void fittedAlsoOnSpeakersHeardInOneMoodTheExpertGetsLessOfTheSay() {
        Data train = speakers(12, 20, 3, 1, 0);
        Data val = speakers(4, 20, 3, 2, 0);
        // a BiLSTM that is right 60% of the time whoever speaks
        Random r = new Random(9);
        double[][] bilstm = new double[val.y().length][];
        for (int i = 0; i < bilstm.length; i++) {
            int said = r.nextDouble() < 0.6 ? val.y()[i] : (val.y()[i] + 1 + r.nextInt(2)) % 3;
            bilstm[i] = new double[] {0.15, 0.15, 0.15};
            bilstm[i][said] = 0.7;
        }
        FunctionalExpert balanced = FunctionalExpert.fit(train.x(), train.speakers(), train.y(), val.x(),
                val.speakers(), val.y(), bilstm, 3, FunctionalExpert.ALL, 1, 0, false).expert();
        FunctionalExpert oneMood = FunctionalExpert.fit(train.x(), train.speakers(), train.y(), val.x(),
                val.speakers(), val.y(), bilstm, 3, FunctionalExpert.ALL, 1, 0, true).expert();
        // relative to a speaker's clips of one class the statistics say nothing of the class, so a
        // speaker heard at length in one mood is judged worse with the expert's say: the fit gives it less
        assertTrue(balanced.weight() > 0.7, "balanced references: the expert is near perfect " + balanced.weight());
        assertTrue(oneMood.weight() < balanced.weight() - 0.2, oneMood.weight() + " vs " + balanced.weight());
        assertArrayEquals(balanced.classifier().logits(new double[] {1, 0}), oneMood.classifier().logits(
                new double[] {1, 0}), 1e-12, "the classifier itself is fitted as before");
        assertEquals(balanced.temperature(), oneMood.temperature(), 1e-12);
    }

    @Test
    void aSpeakerHeardOnceIsJudgedByTheBilstmAlmostAlone() {
        FunctionalExpert e = new FunctionalExpert(new double[] {0}, new double[] {1}, FunctionalExpert.PRIOR,
                FunctionalClassifier.fit(new double[][] {{-1}, {1}}, new int[] {0, 1}, 2, 0.01), 1, 0.8, null);
        assertEquals(0.8 / 9, e.share(1), 1e-12);
        assertEquals(0.8 * 60 / 68, e.share(60), 1e-12);
        double[] bilstm = {0.7, 0.3};
        double[] once = e.combine(bilstm, new double[] {-5, 5}, 1);
        double[] often = e.combine(bilstm, new double[] {-5, 5}, 60);
        assertEquals(1, once[0] + once[1], 1e-12);
        assertTrue(once[0] > 0.5, "one utterance: the BiLSTM's label stands " + Arrays.toString(once));
        assertTrue(often[1] > 0.75, "60 utterances: the expert decides " + Arrays.toString(often));
        assertEquals(0.7 * (1 - 0.8 / 9), once[0], 1e-3, "a linear pool: the expert moves at most its share");
        FunctionalExpert silent = new FunctionalExpert(e.mean(), e.std(), e.prior(), e.classifier(), 1, 0, null);
        assertArrayEquals(bilstm, silent.combine(bilstm, new double[] {-5, 5}, 60), "weight 0: the BiLSTM exactly");
    }

    @Test
    void fewUtterancesAreNormalisedMostlyByThePopulation() {
        FunctionalExpert e = new FunctionalExpert(new double[] {120}, new double[] {10}, 8, null, 1, 1, null);
        // one utterance at 130: its own statistics alone would make it 0; the population's, 1
        double z1 = e.relativeTogether(List.of(new double[] {130})).get(0)[0];
        assertEquals((130 - (130 + 8 * 120) / 9.0) / Math.sqrt(8 * 100 / 9.0), z1, 1e-9);
        assertTrue(z1 > 0.8 && z1 < 1, "mostly the population: " + z1);
        List<double[]> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new double[] {130 + (i % 2 == 0 ? 5 : -5)});
        }
        double z = e.relativeTogether(many).get(0)[0];
        assertEquals(1, z, 0.2, "200 utterances: the speaker's own mean and deviation");
    }

    @Test
    void aPitchExpertReadsTheF0StatisticsAloneAndUnknownSetsAreRefused() {
        int d = UtteranceFunctionals.dimension(13, 64);
        int p = UtteranceFunctionals.PITCH_DIMENSION;
        int ps = UtteranceFunctionals.spectralDimension(13, 64); // where the pitch block starts
        // class 1: higher "pitch" in the first F0 statistic; the spectral statistics are noise
        Random r = new Random(7);
        List<double[]> x = new ArrayList<>();
        List<String> who = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r.nextGaussian();
            }
            v[ps] += 3 * (i % 2);
            x.add(v);
            who.add("s" + i % 10);
            y.add(i % 2);
        }
        int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
        double[][] flat = new double[x.size()][];
        Arrays.fill(flat, new double[] {0.5, 0.5});
        FunctionalExpert e = FunctionalExpert.fit(x, who, labels, x, who, labels, flat, 2, FunctionalExpert.PITCH)
                .expert();
        assertEquals(p, e.mean().length, "the pitch statistics alone");
        assertEquals(FunctionalExpert.PITCH, e.statistics());
        // a change in every spectral statistic leaves its opinion exactly as it was
        double[] v = x.get(1).clone();
        double before = e.opinionsTogether(List.of(x.get(0), v)).get(1).logits()[1];
        for (int j = 0; j < ps; j++) {
            v[j] += 50;
        }
        for (int j = ps + p; j < d; j++) { // and so does every voice statistic
            v[j] -= 20;
        }
        assertEquals(before, e.opinionsTogether(List.of(x.get(0), v)).get(1).logits()[1], 1e-12);
        // the sets are runs of the blocks spectral | pitch | voice
        double[] all = new double[d];
        for (int j = 0; j < d; j++) {
            all[j] = j;
        }
        assertArrayEquals(Arrays.copyOfRange(all, ps, ps + p), FunctionalExpert.select(all, FunctionalExpert.PITCH));
        assertArrayEquals(Arrays.copyOfRange(all, ps, d), FunctionalExpert.select(all, FunctionalExpert.VOICE));
        assertArrayEquals(all, FunctionalExpert.select(all, FunctionalExpert.ALL));
        var bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new FunctionalExpert(e.mean(), e.std(), 8, null, 1, 1, "loudness"));
        assertTrue(bad.getMessage().contains("loudness"), bad.getMessage());
    }

    @Test
    void thePooledTemperatureActsInProportionToTheShare() {
        FunctionalClassifier c = FunctionalClassifier.fit(new double[][] {{-1}, {1}}, new int[] {0, 1}, 2, 0.01);
        FunctionalExpert plain = new FunctionalExpert(new double[] {0}, new double[] {1}, 8, c, 1, 0.8, null);
        FunctionalExpert sharper = new FunctionalExpert(new double[] {0}, new double[] {1}, 8, c, 1, 0.8, null, 0.5);
        double[] bilstm = {0.4, 0.6};
        double[] logits = {1, -1};
        double[] p60 = plain.combine(bilstm, logits, 60);
        double[] s60 = sharper.combine(bilstm, logits, 60);
        double[] s0 = sharper.combine(bilstm, logits, 0);
        // the same label, surer: the argmax never moves
        assertEquals(p60[0] > p60[1], s60[0] > s60[1]);
        assertTrue(Math.max(s60[0], s60[1]) > Math.max(p60[0], p60[1]), Arrays.toString(s60));
        // at the full share, T = 0.5 squares the odds
        assertEquals(Math.pow(p60[0] / p60[1], 1 / (1 + (0.5 - 1) * (60 / 68.0)) ), s60[0] / s60[1], 1e-9);
        assertArrayEquals(bilstm, s0, 1e-12, "no share, no temperature: the BiLSTM as calibrated");
    }

    @Test
    void anUnderConfidentPoolGetsATemperatureBelowOne() {
        // a BiLSTM right 95% of the time at 0.95 and an expert that separates the classes well: where
        // the two disagree the pool spreads the mass, so the pooled distribution is under-confident
        int n = 400;
        Random r = new Random(3);
        List<double[]> x = new ArrayList<>();
        List<String> who = new ArrayList<>();
        int[] y = new int[n];
        double[][] bilstm = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x.add(new double[] {(y[i] == 1 ? 1 : -1) * 2 + r.nextGaussian()});
            who.add("s" + i / 50);
            boolean right = r.nextDouble() < 0.95;
            int said = right ? y[i] : 1 - y[i];
            bilstm[i] = said == 0 ? new double[] {0.95, 0.05} : new double[] {0.05, 0.95};
        }
        FunctionalExpert e = FunctionalExpert.fit(x, who, y, x, who, y, bilstm, 2, FunctionalExpert.ALL).expert();
        assertTrue(e.weight() > 0, "the expert has a say: " + e.weight());
        assertTrue(e.poolTemperature() < 1, "an under-confident pool is sharpened: T = " + e.poolTemperature());
    }

    @Test
    void anAllExpertWrittenBeforeTheVoiceBlockReadsTheStatisticsItKnew() {
        int d = UtteranceFunctionals.dimension(13, 64);
        int old = d - UtteranceFunctionals.VOICE_DIMENSION; // sessions 5-9's 113: spectral and pitch
        // an expert that reads statistic 0 only (its classifier's weights on the rest are 0)
        double[][] w = new double[2][old];
        w[1][0] = 1;
        FunctionalClassifier c = new FunctionalClassifier(new double[old], filled(old, 1), w, new double[2], 0.1);
        FunctionalExpert e = new FunctionalExpert(new double[old], filled(old, 1), 8, c, 1, 1, FunctionalExpert.ALL);
        double[] today = new double[d];
        today[0] = 2;
        today[d - 1] = 1000; // a voice statistic it never knew
        List<double[]> speaker = List.of(today, new double[d]);
        var opinion = e.opinionsTogether(speaker).get(0);
        double[] asBefore = e.opinionsTogether(List.of(Arrays.copyOf(today, old), new double[old])).get(0).logits();
        assertArrayEquals(asBefore, opinion.logits(), 1e-12);
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }
}
