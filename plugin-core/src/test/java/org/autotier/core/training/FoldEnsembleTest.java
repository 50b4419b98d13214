package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ensemble over folds that {@code train} reports on the other corpus. */
class FoldEnsembleTest {
    private static final LabelSet LABELS = LabelSet.RAVDESS8;

    private static List<Sample> samples() {
        return List.of(new Sample(Path.of("a.wav"), "s1", 0, 0, 1000, "other"),
                new Sample(Path.of("b.wav"), "s1", 4, 0, 1000, "other"));
    }

    private static List<FeatureTable.Clip> clips() {
        return List.of(new FeatureTable.Clip(new float[1][1], 0, "s1"), new FeatureTable.Clip(new float[1][1], 4, "s1"));
    }

    /** Log-probabilities putting {@code p} on {@code top} and the rest on {@code second}. */
    private static double[] opinion(int top, double p, int second) {
        double[] l = new double[LABELS.size()];
        java.util.Arrays.fill(l, Double.NEGATIVE_INFINITY);
        l[top] = Math.log(p);
        l[second] = Math.log(1 - p);
        return l;
    }

    @Test
    void averagesTheFoldsCalibratedOpinions() {
        Experiment.FoldEnsemble e = new Experiment.FoldEnsemble();
        // fold A is right on both clips, fold B wrong on the second and surer: the mean decides
        e.add(samples(), clips(), new double[][] {opinion(0, 0.8, 4), opinion(4, 0.6, 0)}, 1, null);
        e.add(samples(), clips(), new double[][] {opinion(0, 0.6, 4), opinion(6, 0.9, 4)}, 1, null);
        Evaluation.Report r = e.reports(LABELS).get("other");
        assertEquals(2, r.samples());
        // clip 1: neutral (0.8 + 0.6) / 2 = 0.70, right; clip 2: disgust 0.45 over angry 0.35, wrong
        assertEquals(0.5, r.metrics().weightedAccuracy(), 1e-9);
        assertEquals((0.70 + 0.45) / 2, r.meanConfidence(), 1e-9);
    }

    @Test
    void eachFoldsOutOfDomainShrinkCountsBeforeTheMean() {
        Experiment.FoldEnsemble e = new Experiment.FoldEnsemble();
        e.add(samples(), clips(), new double[][] {opinion(0, 0.9, 4), opinion(4, 0.9, 0)}, 1, new double[] {1, 0});
        Evaluation.Report r = e.reports(LABELS).get("other");
        // fully shrunk, clip 1 is uniform (1/8 each), and the corpus has no calm, so calm's 1/8 joins
        // neutral's: 0.25; clip 2 keeps its 0.9
        assertEquals((0.25 + 0.9) / 2, r.meanConfidence(), 1e-9);
    }

    @Test
    void foldsMustScoreTheSameClips() {
        Experiment.FoldEnsemble e = new Experiment.FoldEnsemble();
        e.add(samples(), clips(), new double[][] {opinion(0, 0.8, 4), opinion(4, 0.6, 0)}, 1, null);
        assertThrows(IllegalStateException.class,
                () -> e.add(samples().subList(0, 1), clips().subList(0, 1), new double[][] {opinion(0, 0.8, 4)}, 1, null));
    }
}
