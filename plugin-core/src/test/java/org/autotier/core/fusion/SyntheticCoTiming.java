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
import java.util.List;
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
    /**
     * @param attentionOnEvent on "together" test samples, the inter-modal attention mass within one
     *     step of the other modality's event, averaged over both directions (uniform attention
     *     gives 3/T ≈ 0.19); NaN for blocks without inter-modal attention weights
     */
    /** @param diverged the trained network's outputs held NaN: the optimisation blew up numerically */
    record Score(double fused, double audio, double visual, double attentionOnEvent, boolean diverged) {
        double bestSingle() {
            return Math.max(audio, visual);
        }
    }

    /** Samples; {@code audioAt}/{@code visualAt}: the (first) audio event's and the visual event's step. */
    private record Data(float[] audio, float[] visual, float[] labels, int n, int[] audioAt, int[] visualAt) {
    }

    private SyntheticCoTiming() {
    }

    /**
     * The task and schedule: {@code CURRENT} as described above; {@code FIRST} the first version
     * (a one-step spike on dimension 0, apart ≥ 4 steps, a fixed learning rate), kept so that the
     * sweep can show the difference.
     */
    enum Version { CURRENT, FIRST, MULTI }

    /** Audio events per sample in {@link Version#MULTI}, at least 3 steps apart from each other. */
    static final int AUDIO_EVENTS = 3;
    /** In {@link Version#MULTI}, "apart" is at least this far from every audio event. */
    static final int MULTI_APART = 3;

    private static boolean spaced(int[] times) {
        for (int e = 0; e < times.length; e++) {
            for (int f = e + 1; f < times.length; f++) {
                if (Math.abs(times[e] - times[f]) < 3) {
                    return false;
                }
            }
        }
        return true;
    }

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
        if (version == Version.MULTI) {
            return makeMulti(n, seed);
        }
        int apart = version == Version.FIRST ? 4 : APART;
        Random r = new Random(seed);
        float[] a = new float[n * T * D];
        float[] v = new float[n * T * D];
        float[] y = new float[n];
        int[] audioAt = new int[n];
        int[] visualAt = new int[n];
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
            audioAt[i] = ta;
            visualAt[i] = tv;
            y[i] = together ? 1 : 0;
        }
        return new Data(a, v, y, n, audioAt, visualAt);
    }

    /**
     * Three audio events and one visual event; "together" when the visual event falls on one of
     * the audio events, "apart" when it is at least {@link #MULTI_APART} steps from all of them. A pooled
     * summary of the audio holds a set of three times, so relating the two sequences step by step
     * (inter-modal attention) is what solves it.
     */
    private static Data makeMulti(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * T * D];
        float[] v = new float[n * T * D];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < T * D; k++) {
                a[i * T * D + k] = (float) (0.1 * r.nextGaussian());
                v[i * T * D + k] = (float) (0.1 * r.nextGaussian());
            }
            // the audio events are drawn the same way for both classes, so audio alone says nothing
            int[] ta;
            List<Integer> free;
            do {
                ta = new int[AUDIO_EVENTS];
                for (int e = 0; e < AUDIO_EVENTS; e++) {
                    ta[e] = r.nextInt(T);
                }
                free = new java.util.ArrayList<>();
                for (int t = 0; t < T; t++) {
                    boolean far = true;
                    for (int e : ta) {
                        far &= Math.abs(t - e) >= MULTI_APART;
                    }
                    if (far) {
                        free.add(t);
                    }
                }
            } while (!spaced(ta) || free.isEmpty());
            boolean together = r.nextBoolean();
            int tv = together ? ta[r.nextInt(AUDIO_EVENTS)] : free.get(r.nextInt(free.size()));
            for (int e : ta) {
                bump(a, i, e);
            }
            bump(v, i, tv);
            y[i] = together ? 1 : 0;
        }
        return new Data(a, v, y, n, new int[n], new int[n]);
    }

    private static NDList batch(NDManager m, Data d, int from, int to) {
        int b = to - from;
        NDArray audio = m.create(Arrays.copyOfRange(d.audio(), from * T * D, to * T * D), new Shape(b, T, D));
        NDArray visual = m.create(Arrays.copyOfRange(d.visual(), from * T * D, to * T * D), new Shape(b, T, D));
        return new NDList(audio, m.ones(new Shape(b, T)), visual, m.ones(new Shape(b, T)));
    }

    /** β_a→v [B, Tv] near the visual event and β_v→a [B, Ta] near the audio event, on "together" samples. */
    private static double attentionOnEvent(float[] betaAv, float[] betaVa, Data d) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < d.n(); i++) {
            if (d.labels()[i] != 1) {
                continue;
            }
            double av = 0;
            double va = 0;
            for (int t = Math.max(0, d.visualAt()[i] - 1); t <= Math.min(T - 1, d.visualAt()[i] + 1); t++) {
                av += betaAv[i * T + t];
            }
            for (int t = Math.max(0, d.audioAt()[i] - 1); t <= Math.min(T - 1, d.audioAt()[i] + 1); t++) {
                va += betaVa[i * T + t];
            }
            sum += (av + va) / 2;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static Block cmaf(CmafConfig.Variant variant) {
        return cmaf(variant, Integer.getInteger("autotier.sweep.hidden", 16));
    }

    static Block cmaf(CmafConfig.Variant variant, int hidden) {
        return new CmafBlock(new CmafConfig(variant, D, D, hidden, 16, 2, 0f));
    }

    static Block windowedQkv() {
        // 4 windows of 4 steps
        return new WindowedQkvBlock(new WindowedQkvConfig(D, D, 16, 4, 4, 2));
    }

    /** Trains {@code block} for {@code epochs} epochs from {@code seed} and scores the three heads. */
    static Score trainAndScore(Block block, int seed, int epochs) {
        return trainAndScore(block, seed, epochs, Version.CURRENT);
    }

    /**
     * Trains a fresh block; if the training diverged to NaN (a numerical blow-up that happens
     * now and then with two OpenMP threads, gradient clipping notwithstanding; docs/testing.md),
     * trains one more fresh block with another seed. A network that plateaus at chance without
     * NaN is not retried: that is the failure the capability tests exist to catch.
     */
    static Score trainAndScoreRetryingDivergence(java.util.function.Supplier<Block> block, int seed, int epochs) {
        Score s = trainAndScore(block.get(), seed, epochs);
        // up to two retries: at about one divergence in three runs, two in a row were seen once in
        // session 8 (docs/testing.md); three in a row would be about one run in 27
        for (int retry = 1; retry <= 2 && s.diverged(); retry++) {
            System.out.printf("synthetic co-timing: seed %d diverged to NaN; retry with seed %d%n", seed,
                    seed + 1000 * retry);
            s = trainAndScore(block.get(), seed + 1000 * retry, epochs);
        }
        return s;
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
                    // gradients clipped to ±1: an occasional exploding step (seen as NaN in 1 of 64
                    // sweep runs, nondeterministically with 2 threads) must not end a training
                    .optOptimizer(version == Version.FIRST ? Optimizer.adam().optLearningRateTracker(lr).build()
                            : Optimizer.adam().optLearningRateTracker(lr).optClipGrad(1f).build())
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
                double attention = Double.NaN;
                boolean diverged = false;
                try (NDManager eval = m.newSubManager()) {
                    NDList out = trainer.evaluate(batch(eval, test, 0, test.n()));
                    if (out.size() >= 7 && version != Version.MULTI) {
                        attention = attentionOnEvent(out.get(5).toFloatArray(), out.get(6).toFloatArray(), test);
                    }
                    for (int head = 0; head < 3; head++) {
                        for (float v : out.get(head).toFloatArray()) {
                            diverged |= Float.isNaN(v);
                        }
                        float[] pred = out.get(head).argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                        for (int i = 0; i < test.n(); i++) {
                            correct[head] += pred[i] == test.labels()[i] ? 1 : 0;
                        }
                        correct[head] /= test.n();
                    }
                }
                return new Score(correct[0], correct[1], correct[2], attention, diverged);
            }
        }
    }
}
