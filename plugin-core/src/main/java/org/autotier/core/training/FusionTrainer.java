package org.autotier.core.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import ai.djl.nn.AbstractBlock;
import org.autotier.core.fusion.CmafBlock;
import org.autotier.core.fusion.EnsembleBlock;
import org.autotier.core.fusion.WindowedQkvBlock;
import org.autotier.core.fusion.WindowedQkvConfig;
import org.autotier.core.fusion.CmafConfig;
import org.autotier.core.fusion.FusionLoss;
import org.autotier.core.fusion.SpeakerAdversaryBlock;
import org.autotier.core.fusion.SpeakerAdversaryLoss;

/**
 * Trains the fusion model on audio clips (the visual branch sees an empty, fully masked sequence
 * until an audio-visual corpus exists): Adam, class-weighted loss on the audio head, early
 * stopping on validation accuracy with the best parameters restored, fixed seeds.
 */
public final class FusionTrainer {

    /** Progress of one epoch, for the command line. */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double seconds) {
    }

    /** The trained network in its DJL model, with the epoch that was kept. */
    public record Trained(Model model, AbstractBlock block, int bestEpoch) {
    }

    private final TrainingConfig config;
    private final int classes;
    private final Normalizer normalizer;

    public FusionTrainer(TrainingConfig config, int classes, Normalizer normalizer) {
        this.config = config;
        this.classes = classes;
        this.normalizer = normalizer;
    }

    private java.io.ByteArrayOutputStream initial;
    private boolean audioVisual;

    /** Whether the last training had visual frames, so the fused head is the model's prediction. */
    public boolean audioVisual() {
        return audioVisual;
    }

    /** The output that predicts: 0 (fused) for audio-visual training, 1 (audio head) otherwise. */
    public int predictingOutput() {
        return audioVisual ? 0 : 1;
    }

    /** Fine-tuning: training starts from these weights (same architecture) instead of random ones. */
    public void startFrom(AbstractBlock trained) {
        this.initial = snapshot(trained);
    }

    /** A fresh network of the configured architecture. */
    public AbstractBlock newBlock(int audioDim) {
        return newBlock(config.architectureName(), config.variant(), audioDim, config.visualDim(), config.hidden(),
                config.attention(), classes, config.dropout());
    }

    /** cmaf: hidden and attention widths; windowed-qkv: hidden = channels, attention = windows. */
    public static AbstractBlock newBlock(String architecture, CmafConfig.Variant variant, int audioDim, int visualDim,
            int hidden, int attention, int classes, float dropout) {
        return switch (architecture) {
            case TrainingConfig.CMAF -> new CmafBlock(new CmafConfig(variant, audioDim, visualDim, hidden, attention,
                    classes, dropout));
            case TrainingConfig.WINDOWED_QKV -> new WindowedQkvBlock(new WindowedQkvConfig(audioDim, visualDim, hidden,
                    attention, 4, classes));
            default -> throw new IllegalArgumentException("unknown architecture \"" + architecture
                    + "\"; use cmaf or windowed-qkv");
        };
    }

    /**
     * SpecAugment-style masking of training clips (when the configuration asks for it): one run of
     * up to 30 frames (0.3 s) and one band of up to 12 feature dimensions set to each dimension's
     * training mean, so the model cannot lean on any single stretch or band.
     */
    private List<FeatureTable.Clip> augment(List<FeatureTable.Clip> batch, Random r) {
        if (!config.augment()) {
            return batch;
        }
        List<FeatureTable.Clip> out = new ArrayList<>(batch.size());
        for (FeatureTable.Clip c : batch) {
            float[][] f = new float[c.frames().length][];
            for (int t = 0; t < f.length; t++) {
                f[t] = c.frames()[t].clone();
            }
            if (f.length > 0) {
                int d = f[0].length;
                int len = r.nextInt(31);
                int t0 = r.nextInt(Math.max(1, f.length - len));
                for (int t = t0; t < Math.min(f.length, t0 + len); t++) {
                    for (int i = 0; i < d; i++) {
                        f[t][i] = (float) normalizer.mean()[i];
                    }
                }
                int band = r.nextInt(13);
                int d0 = r.nextInt(Math.max(1, d - band));
                for (float[] frame : f) {
                    for (int i = d0; i < Math.min(d, d0 + band); i++) {
                        frame[i] = (float) normalizer.mean()[i];
                    }
                }
            }
            out.add(new FeatureTable.Clip(f, c.label(), c.speaker(), c.visual()));
        }
        return out;
    }

    /** Input tensors for a batch of clips (audio, audio mask, empty visual, empty visual mask). */
    public NDList inputs(NDManager m, List<FeatureTable.Clip> clips) {
        List<float[][]> visual = clips.stream().anyMatch(FeatureTable.Clip::hasVisual)
                ? clips.stream().map(FeatureTable.Clip::visual).toList() : null;
        return FusionInputs.of(m, normalizer, clips.stream().map(FeatureTable.Clip::frames).toList(), visual,
                config.maxFrames(), config.visualDim(), TrainingConfig.WINDOWED_QKV.equals(config.architectureName()));
    }

    private NDList labels(NDManager m, List<FeatureTable.Clip> clips, float[] classWeight) {
        float[] y = new float[clips.size()];
        float[] w = new float[clips.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = clips.get(i).label();
            w[i] = classWeight[clips.get(i).label()];
        }
        return new NDList(m.create(y), m.create(w));
    }

    /** The emotion labels and, for a speaker adversary, each clip's training speaker's index. */
    private NDList labels(NDManager m, List<FeatureTable.Clip> clips, float[] classWeight,
            java.util.Map<String, Integer> speakers) {
        NDList l = labels(m, clips, classWeight);
        if (speakers != null) {
            float[] s = new float[clips.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = speakers.get(clips.get(i).speaker());
            }
            l.add(m.create(s));
        }
        return l;
    }

    /**
     * The reversed gradient's weight in an epoch: DANN's ramp 2 / (1 + e^(−10p)) − 1 of the way to
     * the configured weight, p the share of the epochs gone, so the speaker classifier has learnt
     * something before the BiLSTM is pushed against it.
     */
    static float adversaryWeight(double weight, int epoch, int maxEpochs) {
        double progress = (double) epoch / Math.max(1, maxEpochs);
        return (float) (weight * (2 / (1 + Math.exp(-10 * progress)) - 1));
    }

    public Trained train(List<FeatureTable.Clip> train, List<FeatureTable.Clip> validation, Consumer<Epoch> log) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        float[] classWeight = new float[classes];
        for (FeatureTable.Clip c : train) {
            classWeight[c.label()]++;
        }
        for (int k = 0; k < classes; k++) {
            classWeight[k] = classWeight[k] == 0 ? 0 : train.size() / (classes * classWeight[k]);
        }
        int dim = normalizer.mean().length;
        AbstractBlock block = newBlock(dim);
        Model model = Model.newInstance("autotier-cmaf");
        // with a speaker adversary the wrapper trains; the emotion network inside it is what is kept
        java.util.Map<String, Integer> speakers = config.speakerAdversary() > 0 ? speakerIndex(train) : null;
        if (speakers != null && !(block instanceof CmafBlock)) {
            throw new IllegalArgumentException("a speaker adversary needs the cmaf network: it reads the BiLSTM's "
                    + "clip summary, which " + config.architectureName() + " does not have");
        }
        SpeakerAdversaryBlock adversary = speakers == null ? null
                : new SpeakerAdversaryBlock((CmafBlock) block, ADVERSARY_HIDDEN, speakers.size());
        model.setBlock(adversary == null ? block : adversary);
        // an audio-visual corpus trains the fused head and both single-modality heads; an audio-only
        // one the audio head alone (the others would only learn to ignore an empty visual input)
        audioVisual = train.stream().anyMatch(FeatureTable.Clip::hasVisual);
        FusionLoss emotionLoss = audioVisual ? new FusionLoss(config.auxWeight()) : FusionLoss.audioOnly();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(adversary == null ? emotionLoss
                : new SpeakerAdversaryLoss(emotionLoss))
                .optOptimizer(clipped(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())))
                        .build())
                .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        int bs = config.batchSize();
        Random shuffle = new Random(config.seed());
        Random augmentRandom = new Random(config.seed() + 1);
        List<FeatureTable.Clip> order = new ArrayList<>(train);
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestAccuracy = -1;
        int bestEpoch = -1;
        java.io.ByteArrayOutputStream best = null;
        try (Trainer trainer = model.newTrainer(tc)) {
            trainer.initialize(inputShapes(bs, dim));
            if (initial != null) {
                restore(block, initial, model.getNDManager());
            }
            for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
                long t0 = System.nanoTime();
                if (adversary != null) {
                    adversary.reversal(adversaryWeight(config.speakerAdversary(), epoch, config.maxEpochs()));
                }
                Collections.shuffle(order, shuffle);
                double sum = 0;
                int batches = 0;
                for (int i = 0; i + bs <= order.size(); i += bs) {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        List<FeatureTable.Clip> batch = order.subList(i, i + bs);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray loss = trainer.getLoss().evaluate(labels(m, batch, classWeight, speakers),
                                    trainer.forward(inputs(m, augment(batch, augmentRandom))));
                            sum += loss.getFloat();
                            gc.backward(loss);
                        }
                        trainer.step();
                        batches++;
                    }
                }
                double[] val = validate(trainer, emotionLoss, validation, classWeight);
                // keep the most accurate epoch on the validation speakers (ties: lower loss); the
                // loss alone stops too early, as over-confidence raises it while accuracy still grows
                if (val[1] > bestAccuracy || (val[1] == bestAccuracy && val[0] < bestLoss)) {
                    bestAccuracy = val[1];
                    bestLoss = val[0];
                    bestEpoch = epoch;
                    best = snapshot(block);
                }
                log.accept(new Epoch(epoch, sum / Math.max(1, batches), val[0], val[1], (System.nanoTime() - t0) / 1e9));
                if (epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
        }
        if (adversary != null) {
            // the saved model is the emotion network alone, in a model of its own
            model.close();
            block = newBlock(dim);
            model = Model.newInstance("autotier-cmaf");
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes(1, dim));
        }
        restore(block, best, model.getNDManager());
        return new Trained(model, block, bestEpoch);
    }

    /** Hidden units of the speaker adversary's classifier. */
    static final int ADVERSARY_HIDDEN = 64;

    /** Each training speaker's index, in sorted order so that a seed gives the same network. */
    private static java.util.Map<String, Integer> speakerIndex(List<FeatureTable.Clip> train) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (String s : train.stream().map(FeatureTable.Clip::speaker).distinct().sorted().toList()) {
            index.put(s, index.size());
        }
        return index;
    }

    /**
     * Trains {@code members} networks on the same data from seeds seed, seed + 1, ... (fine-tuning:
     * member k starts from the start model's member k) and returns them as one model: the network
     * itself for one member, an {@link EnsembleBlock} of them otherwise. The kept epoch is member 0's.
     *
     * @param start the model to fine-tune from, with the same number of members, or null
     * @param log each member's epochs, with the member's index
     */
    public Trained trainMembers(int members, AbstractBlock start, List<FeatureTable.Clip> train,
            List<FeatureTable.Clip> validation, java.util.function.BiConsumer<Integer, Epoch> log) {
        List<java.io.ByteArrayOutputStream> trained = new ArrayList<>();
        int bestEpoch = -1;
        for (int k = 0; k < members; k++) {
            FusionTrainer member = new FusionTrainer(config.withSeed(config.seed() + k), classes, normalizer);
            if (start != null) {
                member.startFrom(ModelStore.member(start, k));
            }
            int index = k;
            Trained t = member.train(train, validation, e -> log.accept(index, e));
            audioVisual = member.audioVisual();
            if (members == 1) {
                return t;
            }
            // only the weights are kept: the ensemble gets its own model below
            trained.add(snapshot(t.block()));
            bestEpoch = k == 0 ? t.bestEpoch() : bestEpoch;
            t.model().close();
        }
        // members >= 2 here, so ofFresh gives an ensemble
        EnsembleBlock ensemble = (EnsembleBlock) EnsembleBlock.ofFresh(members,
                () -> newBlock(normalizer.mean().length));
        Model model = Model.newInstance("autotier-cmaf");
        model.setBlock(ensemble);
        // shapes first (the parameter file records them), then each member's trained weights
        ensemble.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes(1, normalizer.mean().length));
        for (int k = 0; k < members; k++) {
            restore(ensemble.member(k), trained.get(k), model.getNDManager());
        }
        return new Trained(model, ensemble, bestEpoch);
    }

    /** The input shapes of a batch: audio, audio mask, (empty) visual, visual mask. */
    private Shape[] inputShapes(int batch, int dim) {
        return new Shape[] {new Shape(batch, config.maxFrames(), dim), new Shape(batch, config.maxFrames()),
            new Shape(batch, 1, config.visualDim()), new Shape(batch, 1)};
    }

    /** Adam with each gradient clipped to ±{@code clipGradient} when the configuration asks for it. */
    private ai.djl.training.optimizer.Adam.Builder clipped(ai.djl.training.optimizer.Adam.Builder b) {
        return config.clipGradient() > 0 ? b.optClipGrad((float) config.clipGradient()) : b;
    }

    /** Validation loss (of the emotion heads: the validation speakers are not the adversary's) and accuracy. */
    private double[] validate(Trainer trainer, FusionLoss emotionLoss, List<FeatureTable.Clip> validation,
            float[] classWeight) {
        double loss = 0;
        int correct = 0;
        int n = 0;
        for (int i = 0; i < validation.size(); i += 64) {
            List<FeatureTable.Clip> batch = validation.subList(i, Math.min(validation.size(), i + 64));
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList out = trainer.evaluate(inputs(m, batch));
                loss += emotionLoss.evaluate(labels(m, batch, classWeight), out).getFloat() * batch.size();
                long[] pred = out.get(predictingOutput()).argMax(1).toLongArray();
                for (int k = 0; k < pred.length; k++) {
                    correct += pred[k] == batch.get(k).label() ? 1 : 0;
                }
                n += batch.size();
            }
        }
        return new double[] {loss / Math.max(1, n), (double) correct / Math.max(1, n)};
    }

    private static java.io.ByteArrayOutputStream snapshot(AbstractBlock block) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes;
    }

    private static void restore(AbstractBlock block, java.io.ByteArrayOutputStream saved, NDManager manager) {
        if (saved == null) {
            return;
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(saved.toByteArray()))) {
            block.loadParameters(manager, in);
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best epoch's parameters", e);
        }
    }

    /** Logits of one output (0 fused, 1 audio, 2 visual) for every clip. */
    public double[][] logits(Model model, AbstractBlock block, List<FeatureTable.Clip> clips, int output) {
        double[][] out = new double[clips.size()][];
        ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        for (int i = 0; i < clips.size(); i += 64) {
            List<FeatureTable.Clip> batch = clips.subList(i, Math.min(clips.size(), i + 64));
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray l = block.forward(ps, inputs(m, batch), false).get(output).toType(DataType.FLOAT64, false);
                double[] flat = l.toDoubleArray();
                for (int k = 0; k < batch.size(); k++) {
                    out[i + k] = java.util.Arrays.copyOfRange(flat, k * classes, (k + 1) * classes);
                }
            }
        }
        return out;
    }
}
