package org.autotier.core.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.autotier.core.eval.Calibration;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.features.AudioFeatureConfig;

/**
 * Speaker-independent k-fold training and evaluation on a corpus, and the model folder: fold 0's
 * model (its test speakers never seen in training or validation), with the temperature fitted on
 * its validation speakers and every fold's figures in its card.
 */
public final class Experiment {
    private Experiment() {
    }

    public record FoldResult(int fold, List<String> testSpeakers, Evaluation.Report report, int bestEpoch) {
    }

    public record Result(List<FoldResult> folds, ModelCard card) {
        public double mean(java.util.function.ToDoubleFunction<FoldResult> f) {
            return folds.stream().mapToDouble(f).average().orElse(Double.NaN);
        }

        public double sd(java.util.function.ToDoubleFunction<FoldResult> f) {
            double m = mean(f);
            return Math.sqrt(folds.stream().mapToDouble(x -> Math.pow(f.applyAsDouble(x) - m, 2)).sum()
                    / Math.max(1, folds.size() - 1));
        }
    }

    /**
     * @param init a model to fine-tune from (its weights and normalisation start every fold), or null
     */
    public static Result run(Path corpus, String layout, List<Sample> samples, LabelSet labels, TrainingConfig config,
            int k, Path init, Path out, String autotierVersion, Consumer<String> log) throws IOException {
        AudioFeatureConfig features = AudioFeatureConfig.SEED_000;
        ModelStore.Loaded start = null;
        if (init != null) {
            start = ModelStore.load(init);
            ModelCard c = start.card();
            if (!c.labels().equals(labels.labels()) || !c.architecture().equals(config.architectureName())
                    || !c.variant().equals(variantName(config))
                    || c.hidden() != config.hidden() || c.attention() != config.attention()) {
                start.close();
                throw new IllegalArgumentException(init + ": cannot fine-tune from it: it has labels " + c.labels()
                        + ", variant " + c.variant() + ", hidden " + c.hidden() + "; this training uses "
                        + labels.labels() + ", variant " + config.variant() + ", hidden " + config.hidden());
            }
            features = c.features();
            log.accept("fine-tuning from " + init + " (" + c.provenance().corpus() + ")");
        }
        try {
            return runFolds(corpus, layout, samples, labels, config, k, start, features, out, autotierVersion, log);
        } finally {
            if (start != null) {
                start.close();
            }
        }
    }

    /** Each sample's clip (the lists are parallel). */
    private static Map<Sample, FeatureTable.Clip> bySample(List<Sample> samples, List<FeatureTable.Clip> clips) {
        Map<Sample, FeatureTable.Clip> m = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            m.put(samples.get(i), clips.get(i));
        }
        return m;
    }

    /** The card's variant: the cmaf ablation letter, or "windowed" for seed 002's model. */
    static String variantName(TrainingConfig config) {
        return TrainingConfig.WINDOWED_QKV.equals(config.architectureName()) ? "windowed" : config.variant().name();
    }

    private static Result runFolds(Path corpus, String layout, List<Sample> samples, LabelSet labels,
            TrainingConfig config, int k, ModelStore.Loaded start, AudioFeatureConfig features, Path out,
            String autotierVersion, Consumer<String> log) throws IOException {
        log.accept(String.format("%d clips, %d classes (%s); extracting features ...", samples.size(), labels.size(),
                labels.name()));
        List<FeatureTable.Clip> clips = FeatureTable.extract(samples, features, Runtime.getRuntime()
                .availableProcessors(), done -> { });
        // media with video: the speaker's face embeddings train the visual branch and the fused head
        clips = FaceFeatures.add(samples, clips);
        long withFaces = clips.stream().filter(FeatureTable.Clip::hasVisual).count();
        if (withFaces > 0) {
            log.accept(withFaces + " of " + clips.size() + " samples have face frames: training the fused model");
            config = config.withVisualDim(FaceExpressionNet.EMBEDDING);
        }
        Map<Sample, FeatureTable.Clip> rawBySample = bySample(samples, clips);
        List<FoldResult> results = new ArrayList<>();
        ModelCard card = null;
        for (SpeakerFolds.Split split : SpeakerFolds.of(samples, k)) {
            // speaker normalisation's population prior comes from this fold's training speakers only
            Normalizer prior = null;
            Map<Sample, FeatureTable.Clip> bySample = rawBySample;
            if (config.speakerNormalization()) {
                prior = start != null && start.card().speakerPrior() != null ? start.card().speakerPrior()
                        : Normalizer.fit(split.train().stream().map(rawBySample::get).toList());
                bySample = bySample(samples, SpeakerNormalization.perSpeaker(clips, prior));
            }
            List<FeatureTable.Clip> train = split.train().stream().map(bySample::get).toList();
            List<FeatureTable.Clip> val = split.validation().stream().map(bySample::get).toList();
            List<FeatureTable.Clip> test = split.test().stream().map(bySample::get).toList();
            // fine-tuning keeps the base model's normalisation: its weights expect those inputs
            Normalizer norm = start != null ? new Normalizer(start.card().normalizationMean(),
                    start.card().normalizationStd()) : Normalizer.fit(train);
            FusionTrainer trainer = new FusionTrainer(config, labels.size(), norm);
            if (start != null) {
                trainer.startFrom(start.block());
            }
            int fold = split.fold();
            FusionTrainer.Trained t = trainer.train(train, val, e -> log.accept(String.format(
                    "fold %d epoch %2d: train loss %.3f, validation loss %.3f, accuracy %.3f (%.1f s)", fold, e.epoch(),
                    e.trainLoss(), e.validationLoss(), e.validationAccuracy(), e.seconds())));
            try {
                int head = trainer.predictingOutput();
                double temperature = Calibration.fitTemperature(trainer.logits(t.model(), t.block(), val, head),
                        val.stream().mapToInt(FeatureTable.Clip::label).toArray());
                Evaluation.Report report = Evaluation.score(trainer.logits(t.model(), t.block(), test, head), test,
                        labels.labels(), temperature);
                results.add(new FoldResult(fold, split.testSpeakers(), report, t.bestEpoch()));
                log.accept(String.format("fold %d (test %s): WA %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f (T = %.2f)",
                        fold, split.testSpeakers(), report.metrics().weightedAccuracy(),
                        report.metrics().unweightedAccuracy(), report.metrics().weightedF1(), report.ece(), temperature));
                if (fold == 0) {
                    List<String> trainSpeakers = split.train().stream().map(Sample::speaker).distinct().sorted().toList();
                    card = new ModelCard(ModelCard.FORMAT, config.architectureName(), variantName(config), labels.name(),
                            labels.labels(), norm.mean().length, config.visualDim(), config.hidden(),
                            config.attention(), config.dropout(), head == 0 ? "fused" : "audio", features, norm.mean(), norm.std(),
                            config.maxFrames(), temperature, new ModelCard.Provenance(corpus.toAbsolutePath().toString(),
                                    layout + (start != null ? " (fine-tuned from " + start.card().provenance().corpus()
                                            + ")" : ""), samples.size(), trainSpeakers, split.validationSpeakers(),
                                    split.testSpeakers(), config, t.bestEpoch(), Map.of(), autotierVersion,
                                    OffsetDateTime.now(ZoneOffset.UTC).toString(), "DJL PyTorch "
                                            + ai.djl.engine.Engine.getInstance().getVersion()),
                            prior == null ? null : prior.mean(), prior == null ? null : prior.std());
                    ModelStore.save(out, card, t.model());
                }
            } finally {
                t.model().close();
            }
        }
        Result r = new Result(results, card);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("folds", k);
        metrics.put("waMean", r.mean(f -> f.report().metrics().weightedAccuracy()));
        metrics.put("waSd", r.sd(f -> f.report().metrics().weightedAccuracy()));
        metrics.put("uaMean", r.mean(f -> f.report().metrics().unweightedAccuracy()));
        metrics.put("weightedF1Mean", r.mean(f -> f.report().metrics().weightedF1()));
        metrics.put("eceMean", r.mean(f -> f.report().ece()));
        List<Map<String, Object>> perFold = new ArrayList<>();
        for (FoldResult f : results) {
            perFold.add(Map.of("fold", f.fold(), "testSpeakers", f.testSpeakers(), "wa",
                    f.report().metrics().weightedAccuracy(), "ua", f.report().metrics().unweightedAccuracy(),
                    "weightedF1", f.report().metrics().weightedF1(), "ece", f.report().ece(), "bestEpoch",
                    f.bestEpoch()));
        }
        metrics.put("perFold", perFold);
        ModelCard finalCard = r.card().withMetrics(metrics);
        ModelStore.writeCard(out, finalCard);
        return new Result(results, finalCard);
    }
}
