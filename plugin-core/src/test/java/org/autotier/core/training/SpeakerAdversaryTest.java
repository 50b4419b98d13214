package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.fusion.CmafBlock;
import org.autotier.core.fusion.CmafConfig;
import org.autotier.core.fusion.Djl;
import org.autotier.core.fusion.SpeakerAdversaryBlock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Speaker-adversarial training (train --speaker-adversary): the reversal, its ramp, what it does and keeps. */
class SpeakerAdversaryTest {

    private static final int FRAMES = 30;
    private static final int DIM = 8;

    @BeforeAll
    static void engine() {
        Djl.pytorch();
    }

    @Test
    void theReversalPassesTheValueAndTurnsTheGradientAroundScaled() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, -2f, 3f});
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = SpeakerAdversaryBlock.reverseGradient(x, 0.7f);
                gc.backward(y.mul(m.create(new float[] {1f, 2f, -1f})).sum());
            }
            assertArrayEquals(new float[] {0.5f, -2f, 3f}, y.toFloatArray(), 1e-6f, "the identity on the way forward");
            assertArrayEquals(new float[] {-0.7f, -1.4f, 0.7f}, x.getGradient().toFloatArray(), 1e-6f,
                    "-0.7 times the gradient on the way back");
        }
    }

    @Test
    void theRampStartsAtNothingAndNearlyReachesTheWeight() {
        assertEquals(0, FusionTrainer.adversaryWeight(0.5, 0, 40), 1e-9);
        assertTrue(FusionTrainer.adversaryWeight(0.5, 4, 40) > 0.2, "a quarter of the way in by a tenth of the epochs");
        assertEquals(0.5, FusionTrainer.adversaryWeight(0.5, 39, 40), 0.001);
        for (int e = 1; e < 40; e++) {
            assertTrue(FusionTrainer.adversaryWeight(0.5, e, 40) > FusionTrainer.adversaryWeight(0.5, e - 1, 40));
        }
    }

    /**
     * Clips whose first two dimensions carry the label (with a per-clip jitter, so that training goes
     * on improving) and the other six a strong constant for their speaker. Over three draws of such
     * data, the share of the clip summary's variance that lies between speakers is smaller with the
     * adversary than without; and the network kept is a plain CmafBlock, in a model of its own.
     */
    @Test
    void theKeptNetworkCarriesLessOfTheSpeakerAndIsAPlainOne() {
        double plainShares = 0;
        double adversarialShares = 0;
        for (int draw : new int[] {1, 3, 5}) {
            List<FeatureTable.Clip> train = clips(new Random(draw), "train", 6, 12);
            List<FeatureTable.Clip> validation = clips(new Random(draw + 100), "validation", 2, 6);
            Normalizer norm = Normalizer.fit(train);
            TrainingConfig plainConfig = TrainingConfig.DEFAULTS.withEpochs(20).toBuilder()
                    .variant(CmafConfig.Variant.B).hidden(8).batchSize(8).maxFrames(FRAMES).build();
            FusionTrainer plain = new FusionTrainer(plainConfig, 2, norm);
            FusionTrainer adversarial = new FusionTrainer(plainConfig.toBuilder().speakerAdversary(3).build(), 2, norm);
            FusionTrainer.Trained a = plain.train(train, validation, e -> { });
            FusionTrainer.Trained b = adversarial.train(train, validation, e -> { });
            try {
                assertInstanceOf(CmafBlock.class, b.block());
                assertSame(b.block(), b.model().getBlock(), "the model holds the emotion network alone");
                assertEquals(a.block().getParameters().keys(), b.block().getParameters().keys(), "the same parameters");
                plainShares += speakerShare(plain, a, train);
                adversarialShares += speakerShare(adversarial, b, train);
            } finally {
                a.model().close();
                b.model().close();
            }
        }
        assertTrue(plainShares / 3 > 0.25, "the plain summary carries the speaker: " + plainShares / 3);
        assertTrue(adversarialShares < 0.9 * plainShares,
                "the adversary's carries less: " + adversarialShares / 3 + " against " + plainShares / 3);
    }

    /** Per speaker, per label: frames of noise, dims 0-1 ± the label, dims 2-7 the speaker's constant. */
    private static List<FeatureTable.Clip> clips(Random r, String group, int speakers, int perSpeaker) {
        List<FeatureTable.Clip> out = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            double[] voice = new double[DIM];
            for (int d = 2; d < DIM; d++) {
                voice[d] = 3 * r.nextGaussian();
            }
            for (int k = 0; k < perSpeaker; k++) {
                int label = k % 2;
                double jitter = r.nextGaussian();
                float[][] f = new float[FRAMES][DIM];
                for (int t = 0; t < FRAMES; t++) {
                    for (int d = 0; d < DIM; d++) {
                        double signal = d < 2 ? (label == 0 ? -1 : 1) + jitter : voice[d];
                        f[t][d] = (float) (signal + 0.5 * r.nextGaussian());
                    }
                }
                out.add(new FeatureTable.Clip(f, label, group + "-" + s));
            }
        }
        return out;
    }

    /** The share of the clip summaries' variance that lies between speakers (a Fisher ratio in [0, 1]). */
    private static double speakerShare(FusionTrainer trainer, FusionTrainer.Trained t, List<FeatureTable.Clip> clips) {
        double[][] summary = new double[clips.size()][];
        ParameterStore ps = new ParameterStore(t.model().getNDManager(), false);
        try (NDManager m = t.model().getNDManager().newSubManager()) {
            NDList out = ((CmafBlock) t.block()).forwardWithAudioSummary(ps, trainer.inputs(m, clips), false);
            NDArray c = out.get(out.size() - 1);
            int width = (int) c.getShape().get(1);
            float[] flat = c.toFloatArray();
            for (int i = 0; i < clips.size(); i++) {
                summary[i] = new double[width];
                for (int d = 0; d < width; d++) {
                    summary[i][d] = flat[i * width + d];
                }
            }
        }
        java.util.Map<String, List<double[]>> bySpeaker = new java.util.TreeMap<>();
        for (int i = 0; i < clips.size(); i++) {
            bySpeaker.computeIfAbsent(clips.get(i).speaker(), k -> new ArrayList<>()).add(summary[i]);
        }
        int width = summary[0].length;
        double[] mean = new double[width];
        for (double[] s : summary) {
            for (int d = 0; d < width; d++) {
                mean[d] += s[d] / summary.length;
            }
        }
        double total = 0;
        double within = 0;
        for (List<double[]> group : bySpeaker.values()) {
            double[] gm = new double[width];
            for (double[] s : group) {
                for (int d = 0; d < width; d++) {
                    gm[d] += s[d] / group.size();
                }
            }
            for (double[] s : group) {
                for (int d = 0; d < width; d++) {
                    total += (s[d] - mean[d]) * (s[d] - mean[d]);
                    within += (s[d] - gm[d]) * (s[d] - gm[d]);
                }
            }
        }
        return total == 0 ? 0 : 1 - within / total;
    }
}
