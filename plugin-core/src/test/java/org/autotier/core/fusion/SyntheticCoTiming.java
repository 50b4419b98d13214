package org.autotier.core.fusion;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Random;

/**
 * A task only cross-modal structure can solve: each sample has one audio event and one visual
 * event at random times; the label says whether they happen together. Either modality alone
 * carries no information (its event time is uniform in both classes), so the single-modality
 * heads stay at chance while a fusion that relates the two sequences in time can learn it.
 *
 * <p>The events are short bumps (three steps, peak in the middle) on every feature dimension,
 * and "apart" events are at least {@link #APART} steps away. A one-step spike on one dimension
 * (the first version of this test) leaves the attention almost no gradient towards the matching
 * step, so training sat on a plateau whose exit depended on the CPU's kernels (AVX2 against
 * AVX-512 summation order): the test passed on one machine and failed on another. See
 * docs/testing.md for the sweep that chose this task and its pass rates.
 */
final class SyntheticCoTiming {
    static final int T = 16;
    static final int D = 4;
    static final int APART = 5;
    static final int TRAIN = 2048;
    static final int TEST = 512;
    static final int BATCH = 64;

    /** Accuracies after training: fused, audio-only head, visual-only head. */
    record Score(double fused, double audio, double visual) {
        double bestSingle() {
            return Math.max(audio, visual);
        }
    }

    private record Data(float[] audio, float[] visual, float[] labels, int n) {
    }

    private SyntheticCoTiming() {
    }

    /**
     * The task and schedule: {@code CURRENT} as described above; {@code FIRST} the first version
     * (a one-step spike on dimension 0, apart ≥ 4 steps, a fixed learning rate), kept so that the
     * sweep can show the difference.
     */
    enum Version { CURRENT, FIRST }

    private static void spike(float[] x, int sample, int at) {
        x[(sample * T + at) * D] += 1f;
    }

    private static void bump(float[] x, int sample, int at) {
        float[] shape = {0.5f, 1f, 0.5f};
        for (int k = -1; k <= 1; k++) {
            int t = at + k;
            if (t < 0 || t >= T) {
                continue;
            }
            for (int d = 0; d < D; d++) {
                x[(sample * T + t) * D + d] += shape[k + 1] * (d % 2 == 0 ? 1f : -1f);
            }
        }
    }

    private static Data make(int n, long seed, Version version) {
        int apart = version == Version.FIRST ? 4 : APART;
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
                } while (Math.abs(tv - ta) < apart);
            }
            if (version == Version.FIRST) {
                spike(a, i, ta);
                spike(v, i, tv);
            } else {
                bump(a, i, ta);
                bump(v, i, tv);
            }
            y[i] = together ? 1 : 0;
        }
        return new Data(a, v, y, n);
    }

    private static NDList batch(NDManager m, Data d, int from, int to) {
        int b = to - from;
        NDArray audio = m.create(Arrays.copyOfRange(d.audio(), from * T * D, to * T * D), new Shape(b, T, D));
        NDArray visual = m.create(Arrays.copyOfRange(d.visual(), from * T * D, to * T * D), new Shape(b, T, D));
        return new NDList(audio, m.ones(new Shape(b, T)), visual, m.ones(new Shape(b, T)));
    }

    static Block cmaf(CmafConfig.Variant variant) {
        return new CmafBlock(new CmafConfig(variant, D, D, 16, 16, 2, 0f));
    }

    static Block windowedQkv() {
        // 4 windows of 4 steps
        return new WindowedQkvBlock(new WindowedQkvConfig(D, D, 16, 4, 4, 2));
    }

    /** Trains {@code block} for {@code epochs} epochs from {@code seed} and scores the three heads. */
    static Score trainAndScore(Block block, int seed, int epochs) {
        return trainAndScore(block, seed, epochs, Version.CURRENT);
    }

    static Score trainAndScore(Block block, int seed, int epochs, Version version) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        Data train = make(TRAIN, 1000L + seed, version);
        Data test = make(TEST, 2000L + seed, version);
        Random shuffle = new Random(seed);
        try (Model model = Model.newInstance("synthetic")) {
            model.setBlock(block);
            // a short warm-up, then a cosine decay: the warm-up keeps the first Adam steps from
            // saturating the attention softmax, the decay settles the solution once it is found
            int steps = epochs * (TRAIN / BATCH);
            Tracker lr = version == Version.FIRST ? Tracker.fixed(3e-3f) : Tracker.warmUp().optWarmUpBeginValue(1e-4f).optWarmUpSteps(steps / 20)
                    .setMainTracker(Tracker.cosine().setBaseValue(3e-3f).optFinalValue(1e-4f)
                            .setMaxUpdates(steps).build()).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new FusionLoss(0.5f))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
                    .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(BATCH, T, D), new Shape(BATCH, T), new Shape(BATCH, T, D),
                        new Shape(BATCH, T));
                NDManager m = trainer.getManager();
                int[] order = new int[TRAIN / BATCH];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 0; epoch < epochs; epoch++) {
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = shuffle.nextInt(i + 1);
                        int tmp = order[i];
                        order[i] = order[j];
                        order[j] = tmp;
                    }
                    for (int b : order) {
                        int from = b * BATCH;
                        try (NDManager step = m.newSubManager()) {
                            NDList x = batch(step, train, from, from + BATCH);
                            NDArray y = step.create(Arrays.copyOfRange(train.labels(), from, from + BATCH));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(x);
                                gc.backward(trainer.getLoss().evaluate(new NDList(y), out));
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
                return new Score(correct[0], correct[1], correct[2]);
            }
        }
    }
}
