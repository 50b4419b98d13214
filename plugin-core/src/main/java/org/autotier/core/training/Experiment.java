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
import org.autotier.core.eval.ClassificationMetrics;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.suggest.FlagRules;
import org.autotier.core.suggest.LabelMapping;
import org.autotier.core.suggest.ReliabilityFusion;

/**
 * Speaker-independent k-fold training and evaluation on a corpus, and the model folder: fold 0's
 * model (its test speakers never seen in training or validation), with the temperature fitted on
 * its validation speakers and every fold's figures in its card.
 */
public final class Experiment {
    private Experiment() {
    }

    /**
     * @param perCorpus the fold's test speakers scored per corpus (one entry for one corpus)
     * @param crossCorpus the fold's model on each corpus it never trained on (fold 0 only)
     * @param lateFusion with {@link Fusion#LATE} on video: the fitted face weight and the test
     *     speakers' accuracy without and with the face ({@link #lateFusionReport}); else null
     */
    public record FoldResult(int fold, List<String> testSpeakers, Evaluation.Report report, int bestEpoch,
            Map<String, Evaluation.Report> perCorpus, Map<String, Evaluation.Report> crossCorpus,
            Map<String, Object> lateFusion) {
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
     * What to run besides the training data.
     *
     * @param folds speaker folds
     * @param firstFoldOnly train fold 0 alone (the saved model): a quicker experiment
     * @param crossCorpus samples of corpora the model never trains on, scored per corpus
     * @param fusion how a corpus with video uses the faces; null: {@link Fusion#LATE}, or
     *     {@link Fusion#HEAD} when fine-tuning a model with a fused head
     * @param testSpeakersTrain cross-corpus only: fold 0's test speakers train too
     *     ({@link SpeakerFolds.Split#withTestSpeakersTraining}), and the corpora in {@code crossCorpus}
     *     are the only test; implies fold 0 alone
     * @param trainSpeakers each fold trains on this many of its training speakers
     *     ({@link SpeakerFolds.Split#withTrainSpeakers}); 0 for all of them
     */
    public record Plan(int folds, boolean firstFoldOnly, List<Sample> crossCorpus, Fusion fusion,
            boolean testSpeakersTrain, int trainSpeakers) {
        public Plan {
            crossCorpus = List.copyOf(crossCorpus);
            if (testSpeakersTrain && crossCorpus.isEmpty()) {
                throw new IllegalArgumentException("the test speakers can train only when another corpus tests");
            }
            if (trainSpeakers < 0) {
                throw new IllegalArgumentException("the training speakers per fold must be 0 (all) or more, not "
                        + trainSpeakers);
            }
        }

        public Plan(int folds, boolean firstFoldOnly, List<Sample> crossCorpus, Fusion fusion,
                boolean testSpeakersTrain) {
            this(folds, firstFoldOnly, crossCorpus, fusion, testSpeakersTrain, 0);
        }

        public Plan(int folds, boolean firstFoldOnly, List<Sample> crossCorpus, Fusion fusion) {
            this(folds, firstFoldOnly, crossCorpus, fusion, false);
        }
    }

    /** The voices of {@link TrainingConfig#shareVoices}: pitch and formants moved by these semitones. */
    static final double[] SHARE_VOICES = {-3, 4};

    /** How a corpus with video trains the use of the face (docs/suggestions.md, "Fitting the face weight"). */
    public enum Fusion {
        /**
         * The network hears the audio only; the face net's opinion joins it at run time through
         * {@link ReliabilityFusion}, with the face weight fitted on the validation speakers'
         * segments. One number learnt from the lab's data: it holds on a small corpus.
         */
        LATE,
        /** The seeds' fused head learns from the face embeddings (256-d per frame): for a large corpus. */
        HEAD
    }

    public static Result run(Path corpus, String layout, List<Sample> samples, LabelSet labels, TrainingConfig config,
            int k, Path init, Path out, String autotierVersion, Consumer<String> log) throws IOException {
        return run(corpus.toAbsolutePath().toString(), layout, samples, labels, config, new Plan(k, false, List.of(), null),
                init, out, autotierVersion, log);
    }

    /**
     * @param corpus the training corpora's folders, for the card
     * @param init a model to fine-tune from (its weights and normalisation start every fold), or null
     */
    public static Result run(String corpus, String layout, List<Sample> samples, LabelSet labels,
            TrainingConfig config, Plan plan, Path init, Path out, String autotierVersion, Consumer<String> log)
            throws IOException {
        AudioFeatureConfig f0 = AudioFeatureConfig.SEED_000;
        AudioFeatureConfig features = new AudioFeatureConfig(f0.sampleRate(), f0.preEmphasis(), f0.windowSamples(),
                f0.hopSamples(), f0.fftSize(), f0.melBands(), f0.mfcc(), f0.deltaWidth(), config.logFloorDb());
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
            return runFolds(corpus, layout, samples, labels, config, plan, start, features, out, autotierVersion, log);
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

    private static Result runFolds(String corpus, String layout, List<Sample> samples, LabelSet labels,
            TrainingConfig config, Plan plan, ModelStore.Loaded start, AudioFeatureConfig features, Path out,
            String autotierVersion, Consumer<String> log) throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        log.accept(String.format("%d clips, %d classes (%s); extracting features ...", samples.size(), labels.size(),
                labels.name()));
        // with the second audio expert, its statistics come from the same decoding as the frames
        FeatureTable.Extracted extracted = FeatureTable.extract(samples, features, threads, config.functionals());
        List<FeatureTable.Clip> clips = extracted.clips();
        // media with video: the face embeddings train the fused head, or the face net's opinions
        // fit the face weight of late fusion
        FaceFeatures.Faces faces = FaceFeatures.read(samples, clips);
        Fusion fusion = plan.fusion() != null ? plan.fusion()
                : start != null && "fused".equals(start.card().head()) ? Fusion.HEAD : Fusion.LATE;
        Map<Sample, FaceFeatures.Opinion> faceOpinions = new LinkedHashMap<>();
        if (faces.withFace() > 0 && fusion == Fusion.HEAD) {
            log.accept(faces.withFace() + " of " + clips.size() + " samples have face frames: training the fused model");
            clips = faces.clips();
            config = config.withVisualDim(FaceExpressionNet.EMBEDDING);
        } else if (faces.withFace() > 0) {
            log.accept(faces.withFace() + " of " + clips.size() + " samples have face frames: training the audio "
                    + "network and fitting the face's weight in late fusion on the validation speakers");
            for (int i = 0; i < samples.size(); i++) {
                faceOpinions.put(samples.get(i), faces.opinions().get(i));
            }
        }
        if (start != null && ModelStore.members(start.card()) != config.memberCount()) {
            // fine-tuning keeps the base model's number of networks: member k starts from its member k
            log.accept(String.format("fine-tuning keeps the %d network(s) of the model it starts from, not %d",
                    ModelStore.members(start.card()), config.memberCount()));
            config = config.withMembers(ModelStore.members(start.card()));
        }
        FeatureNormalization normalization = FeatureNormalization.of(config);
        Map<Sample, FeatureTable.Clip> rawBySample = bySample(samples, clips);
        // the second audio expert's statistics (originals only: augmented copies train the BiLSTM)
        Map<Sample, double[]> functionals = new LinkedHashMap<>();
        for (int i = 0; extracted.functionals() != null && i < samples.size(); i++) {
            functionals.put(samples.get(i), extracted.functionals().get(i));
        }
        List<SpeakerFolds.Split> splits = SpeakerFolds.of(samples, plan.folds());
        if (plan.firstFoldOnly() || plan.testSpeakersTrain()) {
            splits = splits.subList(0, 1);
        }
        if (plan.testSpeakersTrain()) {
            splits = List.of(splits.get(0).withTestSpeakersTraining());
        }
        if (plan.trainSpeakers() > 0) {
            splits = splits.stream().map(sp -> sp.withTrainSpeakers(plan.trainSpeakers())).toList();
        }
        Map<Sample, List<FeatureTable.Clip>> augmented = augment(splits, rawBySample, features, config, threads, log);
        FeatureTable.Extracted crossExtracted = FeatureTable.extract(plan.crossCorpus(), features, threads,
                config.functionals());
        List<FeatureTable.Clip> crossRaw = crossExtracted.clips();
        List<FoldResult> results = new ArrayList<>();
        FoldEnsemble crossEnsemble = new FoldEnsemble();
        ModelCard card = null;
        for (SpeakerFolds.Split split : splits) {
            // the training speakers' own clips, then with their augmented copies
            List<FeatureTable.Clip> trainOriginals = split.train().stream().map(rawBySample::get).toList();
            List<FeatureTable.Clip> trainRaw = new ArrayList<>();
            for (Sample s : split.train()) {
                trainRaw.add(rawBySample.get(s));
                trainRaw.addAll(augmented.getOrDefault(s, List.of()));
            }
            List<FeatureTable.Clip> valRaw = split.validation().stream().map(rawBySample::get).toList();
            List<FeatureTable.Clip> testRaw = split.test().stream().map(rawBySample::get).toList();
            // speaker normalisation's population prior comes from this fold's training speakers only
            Normalizer prior = null;
            if (normalization == FeatureNormalization.SPEAKER) {
                prior = start != null && start.card().speakerPrior() != null ? start.card().speakerPrior()
                        : Normalizer.fit(trainOriginals);
            }
            List<FeatureTable.Clip> train = normalization.apply(trainRaw, prior);
            List<FeatureTable.Clip> val = normalization.apply(valRaw, prior);
            List<FeatureTable.Clip> test = normalization.apply(testRaw, prior);
            // fine-tuning keeps the base model's normalisation: its weights expect those inputs
            Normalizer norm = start != null ? new Normalizer(start.card().normalizationMean(),
                    start.card().normalizationStd()) : Normalizer.fit(train);
            // what the training recordings sound like: the originals, not their augmented copies, whose
            // wider spread would shrink the held-out thresholds and call ordinary recordings unusual
            DomainModel domain = DomainModel.fit(trainOriginals.stream().map(FeatureTable.Clip::frames).toList(),
                    valRaw.stream().map(FeatureTable.Clip::frames).toList(), features.mfcc(), features.melBands());
            FusionTrainer trainer = new FusionTrainer(config, labels.size(), norm);
            int fold = split.fold();
            int members = config.memberCount();
            FusionTrainer.Trained t = trainer.trainMembers(members, start == null ? null : start.block(), train, val,
                    (k, e) -> log.accept(String.format("fold %d %sepoch %2d: train loss %.3f, validation loss %.3f, "
                            + "accuracy %.3f (%.1f s)", fold, members > 1 ? "member " + k + " " : "", e.epoch(),
                            e.trainLoss(), e.validationLoss(), e.validationAccuracy(), e.seconds())));
            try {
                int head = trainer.predictingOutput();
                double[][] valLogits = trainer.logits(t.model(), t.block(), val, head);
                double bilstmTemperature = Calibration.fitTemperature(valLogits,
                        val.stream().mapToInt(FeatureTable.Clip::label).toArray());
                FunctionalExpert expert = null;
                if (config.functionals()) {
                    List<double[]> fitStatistics = new ArrayList<>(split.validation().stream().map(functionals::get)
                            .toList());
                    List<String> fitSpeakers = new ArrayList<>(split.validation().stream().map(Sample::speaker)
                            .toList());
                    List<Integer> fitLabels = new ArrayList<>(split.validation().stream().map(Sample::label).toList());
                    List<double[]> fitBilstm = new ArrayList<>(List.of(probabilities(valLogits, bilstmTemperature)));
                    if (config.shareVoices()) {
                        // the validation speakers again in two voices the network never heard: speakers unlike
                        // the training corpus's, on whom the network is weaker than on its own corpus's
                        for (double semitones : SHARE_VOICES) {
                            FeatureTable.Extracted voiced = FeatureTable.inAnotherVoice(split.validation(), features,
                                    semitones, threads);
                            List<FeatureTable.Clip> voicedClips = normalization.apply(voiced.clips(), prior);
                            double[][] logits = trainer.logits(t.model(), t.block(), voicedClips, head);
                            fitStatistics.addAll(voiced.functionals());
                            for (FeatureTable.Clip c : voiced.clips()) {
                                fitSpeakers.add(c.speaker());
                                fitLabels.add(c.label());
                            }
                            fitBilstm.addAll(List.of(probabilities(logits, bilstmTemperature)));
                        }
                        log.accept(String.format("fold %d: the expert fitted on %d validation clips, %d of them in "
                                + "other voices (%s semitones)", fold, fitStatistics.size(),
                                fitStatistics.size() - split.validation().size(),
                                java.util.Arrays.toString(SHARE_VOICES)));
                    }
                    FunctionalExpert.Fit fit = FunctionalExpert.fit(
                            split.train().stream().map(functionals::get).toList(),
                            split.train().stream().map(Sample::speaker).toList(),
                            split.train().stream().mapToInt(Sample::label).toArray(),
                            fitStatistics, fitSpeakers, fitLabels.stream().mapToInt(Integer::intValue).toArray(),
                            fitBilstm.toArray(double[][]::new), labels.size(), config.statistics(),
                            config.speakerReferenceCount(), config.seed(), config.shareOneMood());
                    expert = fit.expert();
                    log.accept(String.format(java.util.Locale.ROOT, "fold %d second expert: validation UA %.3f alone "
                            + "(%s statistics, L2 %.2g, T = %.2f); share %.2f of the combination, pooled T = %.2f "
                            + "(validation NLL %.3f)",
                            split.fold(), fit.validationUa(), expert.statistics(), expert.classifier().l2(),
                            expert.temperature(), expert.weight(), expert.poolTemperature(),
                            fit.validationNll()));
                }
                // without a test of its own (the test speakers train), the other corpus is the fold's test
                boolean ownTest = !test.isEmpty();
                double[][] testBilstm = ownTest ? trainer.logits(t.model(), t.block(), test, head) : new double[0][];
                double[] testShrink = shrink(domain, testRaw, features);
                // with the second expert, the scores are the combination's log-probabilities (T = 1)
                double[][] testLogits = combined(testBilstm, bilstmTemperature, expert, split.test(), functionals);
                double temperature = expert == null ? bilstmTemperature : 1;
                ReliabilityFusion.FaceWeight faceWeight = null;
                Map<String, Object> lateFusion = null;
                if (!faceOpinions.isEmpty() && ownTest) {
                    // fitted on the validation speakers, measured on the test speakers
                    faceWeight = ReliabilityFusion.fitFaceWeight(evidence(split.validation(),
                            probabilities(combined(valLogits, bilstmTemperature, expert, split.validation(),
                                    functionals), temperature), shrink(domain, valRaw, features), valRaw, features,
                            faceOpinions, labels));
                    lateFusion = lateFusionReport(faceWeight, evidence(split.test(), probabilities(testLogits,
                            temperature), testShrink, testRaw, features, faceOpinions, labels), labels);
                    log.accept("fold " + fold + " late fusion: " + lateFusion);
                }
                if (expert != null && ownTest) {
                    log.accept("  BiLSTM alone: " + describe("test", Evaluation.score(testBilstm, test, labels.labels(),
                            bilstmTemperature, testShrink)));
                }
                Evaluation.Report report = ownTest
                        ? Evaluation.score(testLogits, test, labels.labels(), temperature, testShrink) : null;
                Map<String, Evaluation.Report> perCorpus = perCorpus(split.test(), testLogits, test, testShrink,
                        labels, temperature);
                Map<String, Evaluation.Report> cross = new LinkedHashMap<>();
                // every fold's model meets the other corpus, which none of them heard: beside fold 0's
                // figure (the saved model's), the folds' spread and their ensemble
                if (!crossRaw.isEmpty()) {
                    boolean[] trained = new boolean[labels.size()];
                    split.train().forEach(s -> trained[s.label()] = true);
                    List<Sample> crossSamples = new ArrayList<>();
                    List<FeatureTable.Clip> crossKept = new ArrayList<>();
                    Map<Sample, double[]> crossF = new LinkedHashMap<>();
                    for (int i = 0; i < crossRaw.size(); i++) {
                        int label = towardsTrained(plan.crossCorpus().get(i).label(), trained, labels);
                        if (label >= 0) {
                            Sample s0 = plan.crossCorpus().get(i);
                            crossSamples.add(new Sample(s0.media(), s0.speaker(), label, s0.startMs(), s0.endMs(),
                                    s0.corpus()));
                            FeatureTable.Clip c = crossRaw.get(i);
                            crossKept.add(new FeatureTable.Clip(c.frames(), label, c.speaker(), c.visual()));
                            if (crossExtracted.functionals() != null) {
                                crossF.put(crossSamples.get(crossSamples.size() - 1), crossExtracted.functionals().get(i));
                            }
                        }
                    }
                    List<FeatureTable.Clip> crossClips = normalization.apply(crossKept, prior);
                    double[] crossShrink = shrink(domain, crossKept, features);
                    double[][] crossBilstm = trainer.logits(t.model(), t.block(), crossClips, head);
                    if (expert != null) {
                        perCorpus(crossSamples, crossBilstm, crossClips, crossShrink, labels, bilstmTemperature)
                                .forEach((name, r) -> log.accept("  cross-corpus, BiLSTM alone: " + describe(name, r)));
                    }
                    double[][] crossLogits = combined(crossBilstm, bilstmTemperature, expert, crossSamples, crossF);
                    cross = perCorpus(crossSamples, crossLogits, crossClips, crossShrink, labels, temperature);
                    crossEnsemble.add(crossSamples, crossClips, crossLogits, temperature, crossShrink);
                    if (!ownTest) {
                        report = Evaluation.score(crossLogits, crossClips, labels.labels(), temperature, crossShrink);
                    }
                }
                results.add(new FoldResult(fold, split.testSpeakers(), report, t.bestEpoch(), perCorpus, cross,
                        lateFusion));
                log.accept(String.format("fold %d (test %s): WA %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f (T = %.2f)",
                        fold, ownTest ? split.testSpeakers() : String.join(" + ", cross.keySet()),
                        report.metrics().weightedAccuracy(),
                        report.metrics().unweightedAccuracy(), report.metrics().weightedF1(), report.ece(), temperature));
                if (perCorpus.size() > 1) {
                    perCorpus.forEach((name, r) -> log.accept("  " + describe(name, r)));
                }
                cross.forEach((name, r) -> log.accept("  cross-corpus " + describe(name, r)));
                if (fold == 0) {
                    List<String> trainSpeakers = split.train().stream().map(Sample::speaker).distinct().sorted().toList();
                    card = new ModelCard(ModelCard.FORMAT, config.architectureName(), variantName(config), labels.name(),
                            labels.labels(), norm.mean().length, config.visualDim(), config.hidden(),
                            config.attention(), config.dropout(), head == 0 ? "fused" : "audio", features, norm.mean(), norm.std(),
                            config.maxFrames(), bilstmTemperature, new ModelCard.Provenance(corpus,
                                    layout + (start != null ? " (fine-tuned from " + start.card().provenance().corpus()
                                            + ")" : ""), samples.size(), trainSpeakers, split.validationSpeakers(),
                                    split.testSpeakers(), config, t.bestEpoch(), Map.of(), autotierVersion,
                                    OffsetDateTime.now(ZoneOffset.UTC).toString(), "DJL PyTorch "
                                            + ai.djl.engine.Engine.getInstance().getVersion()),
                            prior == null ? null : prior.mean(), prior == null ? null : prior.std(), domain, expert,
                            faceWeight);
                    ModelStore.save(out, card, t.model());
                }
            } finally {
                t.model().close();
            }
        }
        Result r = new Result(results, card);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("folds", plan.folds());
        metrics.put("foldsRun", results.size());
        metrics.put("waMean", r.mean(f -> f.report().metrics().weightedAccuracy()));
        metrics.put("waSd", r.sd(f -> f.report().metrics().weightedAccuracy()));
        metrics.put("uaMean", r.mean(f -> f.report().metrics().unweightedAccuracy()));
        metrics.put("weightedF1Mean", r.mean(f -> f.report().metrics().weightedF1()));
        metrics.put("eceMean", r.mean(f -> f.report().ece()));
        List<Map<String, Object>> perFold = new ArrayList<>();
        for (FoldResult f : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold());
            m.put("testSpeakers", f.testSpeakers());
            m.putAll(f.report().summary());
            m.put("bestEpoch", f.bestEpoch());
            if (f.lateFusion() != null) {
                m.put("lateFusion", f.lateFusion());
            }
            if (f.perCorpus().size() > 1) {
                m.put("perCorpus", summaries(f.perCorpus()));
            }
            if (results.size() > 1 && !f.crossCorpus().isEmpty()) {
                m.put("crossCorpus", summaries(f.crossCorpus()));
            }
            perFold.add(m);
        }
        metrics.put("perFold", perFold);
        if (!results.get(0).crossCorpus().isEmpty()) {
            metrics.put("crossCorpus", summaries(results.get(0).crossCorpus()));
            if (results.size() > 1) {
                Map<String, Evaluation.Report> ensemble = crossEnsemble.reports(labels);
                ensemble.forEach((name, rep) -> log.accept("  cross-corpus, ensemble over " + results.size()
                        + " folds: " + describe(name, rep)));
                metrics.put("crossCorpusFoldEnsemble", summaries(ensemble));
            }
        }
        ModelCard finalCard = r.card().withMetrics(metrics);
        ModelStore.writeCard(out, finalCard);
        return new Result(results, finalCard);
    }

    /** Each corpus's figures as a map, for model.json. */
    private static Map<String, Object> summaries(Map<String, Evaluation.Report> reports) {
        Map<String, Object> out = new LinkedHashMap<>();
        reports.forEach((name, rep) -> out.put(name, rep.summary()));
        return out;
    }

    /**
     * The other corpus as every fold's model sees it: each fold's calibrated distribution (shrunk
     * towards uniform by its own out-of-domain amount, as {@code run} would show it), averaged over
     * the folds. Every fold trains on a different part of the training corpus's speakers, so
     * together they have heard all of them, and none has heard the other corpus.
     */
    static final class FoldEnsemble {
        private List<Sample> samples;
        private List<FeatureTable.Clip> clips;
        private double[][] sum;
        private int folds;

        void add(List<Sample> foldSamples, List<FeatureTable.Clip> foldClips, double[][] logits, double temperature,
                double[] shrink) {
            if (samples == null) {
                samples = foldSamples;
                clips = foldClips;
                sum = new double[logits.length][];
            } else if (!samples.equals(foldSamples)) {
                throw new IllegalStateException("the folds kept different clips of the other corpus");
            }
            double[][] p = probabilities(logits, temperature);
            for (int i = 0; i < p.length; i++) {
                double[] q = DomainModel.towardsUniform(p[i], shrink == null ? 0 : shrink[i]);
                if (sum[i] == null) {
                    sum[i] = q.clone();
                } else {
                    for (int k = 0; k < q.length; k++) {
                        sum[i][k] += q[k];
                    }
                }
            }
            folds++;
        }

        Map<String, Evaluation.Report> reports(LabelSet labels) {
            double[][] mean = new double[sum.length][];
            for (int i = 0; i < sum.length; i++) {
                int n = folds;
                mean[i] = java.util.Arrays.stream(sum[i]).map(v -> v / n).toArray();
            }
            return perCorpus(samples, logOf(mean), clips, null, labels, 1);
        }
    }

    /**
     * A test label the model never saw in training: its same-emotion label that it did see (a
     * corpus without calm trains no calm, so RAVDESS's calm counts as neutral), or -1 to leave the
     * clip out (surprised, for a model trained on EmoDB).
     */
    static int towardsTrained(int label, boolean[] trained, LabelSet labels) {
        if (trained[label]) {
            return label;
        }
        return org.autotier.core.suggest.LabelMapping.sameEmotion(labels.labels(), label, trained);
    }

    public static String describe(String corpus, Evaluation.Report r) {
        return String.format(java.util.Locale.ROOT,
                "%s (%d clips): WA %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f (sampling floor %.3f, 95%% %.3f), "
                        + "wrong with confidence >= 0.9: %.1f%%",
                corpus, r.samples(), r.metrics().weightedAccuracy(), r.metrics().unweightedAccuracy(),
                r.metrics().weightedF1(), r.ece(), r.eceFloor().mean(), r.eceFloor().upper95(),
                100 * r.wrongConfident());
    }

    /** Augmented copies of every sample some fold trains on (none unless the configuration asks). */
    private static Map<Sample, List<FeatureTable.Clip>> augment(List<SpeakerFolds.Split> splits,
            Map<Sample, FeatureTable.Clip> raw, AudioFeatureConfig features, TrainingConfig config, int threads,
            Consumer<String> log) throws IOException {
        if (config.augmentCopies() <= 0) {
            return Map.of();
        }
        List<Sample> toAugment = splits.stream().flatMap(s -> s.train().stream()).distinct().toList();
        log.accept(String.format("augmenting %d training clips x %d (%s) ...", toAugment.size(),
                config.augmentCopies(), String.join(", ",
                org.autotier.core.augment.AudioAugmentation.operations(config.augmentPitch()))));
        List<List<FeatureTable.Clip>> copies = FeatureTable.augmented(toAugment,
                toAugment.stream().map(raw::get).toList(), features, config.augmentCopies(), config.seed(), true,
                config.augmentPitch(), threads);
        Map<Sample, List<FeatureTable.Clip>> out = new LinkedHashMap<>();
        for (int i = 0; i < toAugment.size(); i++) {
            out.put(toAugment.get(i), copies.get(i));
        }
        return out;
    }

    /** Calibrated distributions: softmax(logits / T) of each row. */
    public static double[][] probabilities(double[][] logits, double temperature) {
        return java.util.Arrays.stream(logits).map(l -> Calibration.softmax(l, temperature)).toArray(double[][]::new);
    }

    /**
     * The scores to evaluate: the BiLSTM's logits when there is no second expert; otherwise the
     * log of the combined distribution (to be read at T = 1), each speaker's statistics relative
     * to that speaker's clips among {@code samples}.
     */
    public static double[][] combined(double[][] bilstmLogits, double bilstmTemperature, FunctionalExpert expert,
            List<Sample> samples, Map<Sample, double[]> functionals) {
        return scores(bilstmLogits, bilstmTemperature, expert, expert == null ? null : expert.opinions(
                samples.stream().map(functionals::get).toList(), samples.stream().map(Sample::speaker).toList()));
    }

    /**
     * The BiLSTM's logits when there is no second expert; otherwise the log of each clip's
     * combined distribution ({@link FunctionalExpert#combine}), to be read at T = 1. What train and
     * evaluate both score.
     */
    public static double[][] scores(double[][] bilstmLogits, double bilstmTemperature, FunctionalExpert expert,
            List<FunctionalExpert.Opinion> opinions) {
        if (expert == null) {
            return bilstmLogits;
        }
        double[][] p = probabilities(bilstmLogits, bilstmTemperature);
        for (int i = 0; i < p.length; i++) {
            p[i] = expert.combine(p[i], opinions.get(i));
        }
        return logOf(p);
    }

    /** Element-wise log, floored: softmax(log p) = p, so a distribution can be scored as logits. */
    public static double[][] logOf(double[][] p) {
        return java.util.Arrays.stream(p).map(row -> java.util.Arrays.stream(row)
                .map(v -> Math.log(Math.max(1e-12, v))).toArray()).toArray(double[][]::new);
    }

    /** The samples as late fusion sees them: calibrated audio, its reliability, the face's opinion and reliability. */
    static List<ReliabilityFusion.Evidence> evidence(List<Sample> samples, double[][] audio, double[] shrink,
            List<FeatureTable.Clip> raw, AudioFeatureConfig features, Map<Sample, FaceFeatures.Opinion> faces,
            LabelSet labels) {
        LabelMapping faceToModel = new LabelMapping(FaceExpressionNet.LABELS, labels.labels());
        List<ReliabilityFusion.Evidence> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            long speechMs = (long) raw.get(i).frames().length * features.hopSamples() * 1000 / features.sampleRate();
            FaceFeatures.Opinion face = faces.get(samples.get(i));
            double[] opinion = face == null ? null : ReliabilityFusion.faceOpinion(face.usable(), faceToModel);
            out.add(new ReliabilityFusion.Evidence(audio[i], ReliabilityFusion.audioReliability(
                    shrink == null ? 0 : shrink[i], speechMs), opinion, opinion == null ? 0 : face.reliability(),
                    samples.get(i).label()));
        }
        return out;
    }

    /**
     * The fitted face weight (null when too few segments had a face) and, on the test speakers,
     * unweighted accuracy and NLL with the audio alone, the face at weight 1 and at the fitted weight.
     */
    static Map<String, Object> lateFusionReport(ReliabilityFusion.FaceWeight fit, List<ReliabilityFusion.Evidence> test,
            LabelSet labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faceWeight", fit == null ? null : fit.faceWeight());
        m.put("validationSegmentsWithFace", fit == null ? null : fit.withFace());
        m.put("testSegmentsWithFace", test.stream().filter(e -> e.face() != null).count());
        double[] weights = fit == null ? new double[] {0, 1} : new double[] {0, 1, fit.faceWeight()};
        String[] names = {"audioOnly", "unitWeight", "fitted"};
        int[] truth = test.stream().mapToInt(ReliabilityFusion.Evidence::label).toArray();
        for (int k = 0; k < weights.length; k++) {
            double w = weights[k];
            int[] predicted = test.stream().mapToInt(e -> FlagRules.argMax(ReliabilityFusion.fuse(e.audio(),
                    e.audioReliability(), e.face(), e.faceReliability(), w))).toArray();
            m.put(names[k] + "Ua", test.isEmpty() ? null
                    : ClassificationMetrics.of(labels.labels(), truth, predicted).unweightedAccuracy());
            m.put(names[k] + "Nll", ReliabilityFusion.meanNll(test, w));
        }
        return m;
    }

    /** Each clip's out-of-domain shrink, from its raw frames. */
    public static double[] shrink(DomainModel domain, List<FeatureTable.Clip> raw, AudioFeatureConfig features) {
        if (domain == null) {
            return null;
        }
        return raw.stream().mapToDouble(c -> domain.shrink(domain.distance(c.frames(), features.mfcc(),
                features.melBands()))).toArray();
    }

    /** The same predictions scored separately for each corpus the samples come from. */
    public static Map<String, Evaluation.Report> perCorpus(List<Sample> samples, double[][] logits,
            List<FeatureTable.Clip> clips, double[] shrink, LabelSet labels, double temperature) {
        Map<String, List<Integer>> byCorpus = new java.util.TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            byCorpus.computeIfAbsent(samples.get(i).corpus(), c -> new ArrayList<>()).add(i);
        }
        Map<String, Evaluation.Report> out = new LinkedHashMap<>();
        byCorpus.forEach((name, idx) -> out.put(name, Evaluation.score(
                idx.stream().map(i -> logits[i]).toArray(double[][]::new), idx.stream().map(clips::get).toList(),
                labels.labels(), temperature, shrink == null ? null
                        : idx.stream().mapToDouble(i -> shrink[i]).toArray())));
        return out;
    }
}
