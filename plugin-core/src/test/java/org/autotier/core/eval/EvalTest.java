package org.autotier.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every expected figure below was computed by hand (shown in the comments) or comes from the literature. */
class EvalTest {

    @Test
    void metricsFromAConfusionMatrix() {
        // truth a: 5 right, 1 as b; truth b: 2 as a, 3 right, 1 as c; truth c: 4 right
        long[][] cm = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};
        ClassificationMetrics m = ClassificationMetrics.fromConfusion(List.of("a", "b", "c"), cm);
        assertEquals(12.0 / 16, m.weightedAccuracy(), 1e-12);
        assertEquals((5.0 / 6 + 0.5 + 1.0) / 3, m.unweightedAccuracy(), 1e-12);
        // F1 a = 50/65, b = 0.6, c = 8/9; weighted by support 6, 6, 4 of 16
        assertArrayEquals(new double[] {50.0 / 65, 0.6, 8.0 / 9}, m.f1(), 1e-12);
        assertEquals((6 * 50.0 / 65 + 6 * 0.6 + 4 * 8.0 / 9) / 16, m.weightedF1(), 1e-12);
        ClassificationMetrics same = ClassificationMetrics.of(List.of("a", "b", "c"),
                new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2},
                new int[] {0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2});
        assertEquals(m.weightedF1(), same.weightedF1(), 1e-12);
    }

    @Test
    void cohensKappaOfTheTextbookTwoByTwo() {
        // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5*0.6 + 0.5*0.4 = 0.5, kappa 0.4
        int[] a = new int[50];
        int[] b = new int[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i < 25 ? 1 : 0;
            b[i] = i < 20 || (i >= 25 && i < 35) ? 1 : 0;
        }
        assertEquals(0.4, Agreement.cohen(a, b, 2), 1e-12);
    }

    @Test
    void fleissKappaOfTheWikipediaExample() {
        int[][] counts = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        assertEquals(0.210, Agreement.fleiss(counts), 0.0005);
    }

    @Test
    void eceOfAHandMadeSet() {
        // bin 0.9: 4 items, 3 right -> |0.75 - 0.9| * 4/6 = 0.1; bin 0.6: 2 items, 1 right -> 0.1 * 2/6
        double[] conf = {0.9, 0.9, 0.9, 0.9, 0.6, 0.6};
        boolean[] ok = {true, true, true, false, true, false};
        assertEquals(0.1 + 0.1 / 3, Calibration.expectedCalibrationError(conf, ok, 10), 1e-12);
    }

    @Test
    void temperatureScalingRecoversAKnownOverconfidence() {
        // labels drawn from softmax(z); the model reports 3z, i.e. is overconfident by T = 3
        Random r = new Random(5);
        int n = 6000;
        double[][] logits = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[4];
            for (int k = 0; k < 4; k++) {
                z[k] = r.nextGaussian();
            }
            double[] p = Calibration.softmax(z, 1);
            double u = r.nextDouble();
            int y = 0;
            while (y < 3 && (u -= p[y]) > 0) {
                y++;
            }
            labels[i] = y;
            logits[i] = new double[] {3 * z[0], 3 * z[1], 3 * z[2], 3 * z[3]};
        }
        double t = Calibration.fitTemperature(logits, labels);
        assertEquals(3.0, t, 0.3);
        assertTrue(Calibration.nll(logits, labels, t) < Calibration.nll(logits, labels, 1.0));
        // calibrated confidences have a lower ECE than the raw ones
        double[] raw = new double[n];
        double[] cal = new double[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] p1 = Calibration.softmax(logits[i], 1);
            double[] pt = Calibration.softmax(logits[i], t);
            int top = 0;
            for (int k = 1; k < 4; k++) {
                top = p1[k] > p1[top] ? k : top;
            }
            raw[i] = p1[top];
            cal[i] = pt[top];
            ok[i] = top == labels[i];
        }
        assertTrue(Calibration.expectedCalibrationError(cal, ok, 15) < 0.5 * Calibration.expectedCalibrationError(raw, ok, 15));
    }

    private static double[] confidences(int n, long seed) {
        Random r = new Random(seed);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 0.4 + 0.55 * r.nextDouble();
        }
        return c;
    }

    private static boolean[] outcomes(double[] conf, double shift, Random r) {
        boolean[] ok = new boolean[conf.length];
        for (int i = 0; i < conf.length; i++) {
            ok[i] = r.nextDouble() < conf[i] + shift;
        }
        return ok;
    }

    @Test
    void eceSamplingFloorFallsWithTheNumberOfClips() {
        var small = Calibration.samplingFloor(confidences(74, 1), 15, 1000, 7);
        var large = Calibration.samplingFloor(confidences(7400, 1), 15, 200, 7);
        assertTrue(small.mean() > 0.04 && small.mean() < 0.15, "74 clips: " + small);
        assertTrue(large.mean() < 0.015, "7400 clips: " + large);
        assertTrue(small.upper95() > small.mean());
        assertEquals(small, Calibration.samplingFloor(confidences(74, 1), 15, 1000, 7), "seeded, so repeatable");
        // a model that is sure and always right has nothing to sample
        assertEquals(0.0, Calibration.samplingFloor(new double[] {1.0, 1.0, 1.0}, 15, 100, 7).upper95(), 0.0);
    }

    @Test
    void eceSamplingFloorSeparatesNoiseFromMiscalibration() {
        double[] conf = confidences(300, 2);
        var floor = Calibration.samplingFloor(conf, 15, 1000, 11);
        Random r = new Random(3);
        int calibratedWithin = 0;
        int overconfidentAbove = 0;
        for (int t = 0; t < 200; t++) {
            calibratedWithin += Calibration.expectedCalibrationError(conf, outcomes(conf, 0, r), 15) <= floor.upper95()
                    ? 1 : 0;
            overconfidentAbove += Calibration.expectedCalibrationError(conf, outcomes(conf, -0.15, r), 15)
                    > floor.upper95() ? 1 : 0;
        }
        // a calibrated model's ECE stays under the 95% floor about 95% of the time; one 0.15 too sure almost never
        assertTrue(calibratedWithin >= 180, "calibrated within the floor " + calibratedWithin + " of 200");
        assertTrue(overconfidentAbove >= 190, "over-confident above the floor " + overconfidentAbove + " of 200");
    }
}
