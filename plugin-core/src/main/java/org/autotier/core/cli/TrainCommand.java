package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.autotier.core.fusion.CmafConfig;
import org.autotier.core.fusion.Djl;
import org.autotier.core.training.Experiment;
import org.autotier.core.training.FunctionalExpert;
import org.autotier.core.training.LabelSet;
import org.autotier.core.training.Sample;
import org.autotier.core.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autotier train}: speaker-independent k-fold training of the fusion model. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Train the fusion model on a labelled corpus with speaker-independent k-fold splits,",
            "report every fold, and save fold 0's model (its test speakers unseen) with model.json."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    CorpusOptions data = new CorpusOptions();

    @Option(names = "--init", paramLabel = "MODEL_DIR",
            description = "fine-tune: start every fold from this model's weights and normalisation (same labels)")
    Path init;

    @Option(names = "--learning-rate", description = "Adam learning rate (default 1e-3; 1e-4 suits fine-tuning)")
    Float learningRate;

    @Option(names = "--model", defaultValue = "cmaf", description = "architecture: cmaf (seed 000) or windowed-qkv (seed 002) (default ${DEFAULT-VALUE})")
    String architecture;

    @Option(names = "--variant", defaultValue = "B", description = "cmaf ablation A-E (default ${DEFAULT-VALUE}, "
            + "what autotier ships; docs/model-card.md compares them)")
    CmafConfig.Variant variant;

    @Option(names = "--speaker-normalization",
            description = "z-score features per speaker (per recording when running), a standard step for new speakers")
    boolean speakerNormalization;

    @Option(names = "--hidden", defaultValue = "64",
            description = "BiLSTM units per direction (cmaf) or channels (windowed-qkv) (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--augment", description = "mask a random stretch and feature band of each training clip")
    boolean augment;

    @Option(names = "--normalization", paramLabel = "MODE",
            description = "global, speaker, utterance (each utterance less its own mean: level and channel "
                    + "invariant) or utterance-variance (also divided by its own deviation) (default: utterance; "
                    + "speaker with --speaker-normalization)")
    String normalization;

    @Option(names = "--augment-copies", defaultValue = "0", paramLabel = "N",
            description = "N augmented copies of every training clip: speed, room, microphone, noise, lossy codec, "
                    + "level (default ${DEFAULT-VALUE})")
    int augmentCopies;

    @Option(names = "--augment-pitch",
            description = "the augmented copies are also, half of them, in another voice: pitch and formants moved "
                    + "by -3 to +5 semitones (a deeper adult's to a child's), tempo kept")
    boolean augmentPitch;

    @Option(names = "--fusion", paramLabel = "late|head",
            description = "a corpus with video: late (the network hears the audio; the face net's weight beside it "
                    + "is fitted on the validation speakers) or head (a fused head learns from the face embeddings, "
                    + "for large corpora) (default: late; head when --init has a fused head)")
    String fusion;

    @Option(names = "--test-corpus", paramLabel = "DIR",
            description = "cross-corpus: also score the model on this corpus it never trains on (repeat, each with "
                    + "--test-layout)")
    List<Path> testCorpora = new java.util.ArrayList<>();

    @Option(names = "--test-speakers-train",
            description = "with --test-corpus: fold 0's test speakers train too, so every speaker of the training "
                    + "corpus trains or validates and the other corpus is the only test (how a cross-corpus figure "
                    + "is best measured: held-out speakers of the training corpus would only be left unused); "
                    + "implies --first-fold-only")
    boolean testSpeakersTrain;

    @Option(names = "--test-layout", description = "for each --test-corpus: " + CorpusOptions.LAYOUTS)
    List<String> testLayouts = new java.util.ArrayList<>();

    @Option(names = "--log-floor-db", defaultValue = "60", paramLabel = "DB",
            description = "log-mel floor in dB below each clip's peak, so a level change moves silence too; 0: seed "
                    + "000's fixed floor (default ${DEFAULT-VALUE})")
    double logFloorDb;

    @Option(names = "--clip-gradient", defaultValue = "1.0", paramLabel = "C",
            description = "clip each gradient element to +-C, 0 for none (the shipped model was trained with 0) "
                    + "(default ${DEFAULT-VALUE})")
    double clipGradient;

    @Option(names = "--functionals", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "train the second audio expert on speaker-relative utterance statistics (pitch, dynamics) "
                    + "beside the BiLSTM (default ${DEFAULT-VALUE}; --no-functionals: the BiLSTM alone)")
    boolean functionals = true;

    @Option(names = "--statistics", defaultValue = FunctionalExpert.VOICE, paramLabel = "SET",
            description = "the statistics the second expert reads: voice (the F0 contour's, voice quality and rhythm: "
                    + "H1-H2, harmonics to noise, alpha ratio, Hammarberg index, stretch lengths, F0 slopes, jitter, "
                    + "shimmer; what the shipped model reads: they carry across corpora), pitch (the F0 contour's "
                    + "alone) or all (every statistic, with dynamics and spectral movement: better within a corpus, "
                    + "worse across) (default ${DEFAULT-VALUE})")
    String statistics;

    @Option(names = "--share-voices",
            description = "fit the second expert (its penalty, temperature and share of the pool, and the pool's "
                    + "temperature) on the validation speakers and on the same speakers in two other voices (pitch and "
                    + "formants -3 and +4 semitones, tempo kept): validation speakers of the training corpus alone "
                    + "favour the network, which knows that corpus")
    boolean shareVoices;

    @Option(names = "--share-one-mood",
            description = "fit the second expert's share of the pool and the pool's temperature also on each validation "
                    + "speaker heard at length in one emotion (a reference of that emotion's clips alone): an acted "
                    + "corpus's speakers are heard in every emotion, a recording's speaker rarely is")
    boolean shareOneMood;

    @Option(names = "--speaker-references", defaultValue = "1", paramLabel = "N",
            description = "reference sets per training speaker for the second expert: 1 reads each clip relative to "
                    + "all of its speaker's clips (an acted corpus's balance of emotions); N > 1 adds N - 1 references "
                    + "of one to three of the speaker's emotions, as a recording that is mostly calm or mostly "
                    + "upset would be (default ${DEFAULT-VALUE})")
    int speakerReferences;

    @Option(names = "--members", defaultValue = "1",
            description = "networks per model, each from its own random start (seed, seed + 1, ...), averaged: an "
                    + "ensemble is right more often and less sure where its members disagree; costs this many times "
                    + "the training and the network's share of run time (default ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--speaker-adversary", defaultValue = "0", paramLabel = "WEIGHT",
            description = "speaker-adversarial training: a speaker classifier on the BiLSTM's clip summary whose "
                    + "gradient reaches the BiLSTM reversed, scaled up to WEIGHT over the epochs, so the network learns "
                    + "less of who speaks and how they were recorded; cmaf only; 0 for none (default ${DEFAULT-VALUE})")
    double speakerAdversary;

    @Option(names = "--train-speakers", defaultValue = "0", paramLabel = "N",
            description = "train each fold on N of its training speakers, evenly spaced over their sorted names; "
                    + "validation and test unchanged: a learning curve, to see what more speakers would give "
                    + "(0: all of them) (default ${DEFAULT-VALUE})")
    int trainSpeakers;

    @Option(names = "--first-fold-only", description = "train fold 0 alone (the saved model): a quicker experiment")
    boolean firstFoldOnly;

    @Option(names = "--windows", defaultValue = "10",
            description = "windowed-qkv: windows per clip; 10 over 3 s gives seed 002's S of 300 ms (default ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--labels", defaultValue = "ravdess8",
            description = "label set: ravdess8, faceapi7, seed000-6, seed002-4 (default ${DEFAULT-VALUE})")
    String labels;

    @Option(names = "--folds", defaultValue = "5", description = "speaker folds (default ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--epochs", defaultValue = "40", description = "most epochs per fold (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL_DIR", description = "where to save the model")
    Path output;

    @picocli.CommandLine.Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Override
    public Integer call() throws Exception {
        threadOptions.apply(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!TrainingConfig.CMAF.equals(architecture) && !TrainingConfig.WINDOWED_QKV.equals(architecture)) {
            throw new IllegalArgumentException("model \"" + architecture + "\" is unknown; use cmaf or windowed-qkv");
        }
        if (members < 1) {
            throw new IllegalArgumentException("--members must be at least 1, not " + members);
        }
        if (testSpeakersTrain && testCorpora.isEmpty()) {
            throw new IllegalArgumentException("--test-speakers-train needs a --test-corpus: without one nothing would "
                    + "test the model");
        }
        if (augmentPitch && augmentCopies < 1) {
            throw new IllegalArgumentException("--augment-pitch shifts the augmented copies: give --augment-copies N too");
        }
        if (speakerAdversary < 0 || Double.isNaN(speakerAdversary)) {
            throw new IllegalArgumentException("--speaker-adversary must be 0 or more, not " + speakerAdversary);
        }
        if (speakerAdversary > 0 && !TrainingConfig.CMAF.equals(architecture)) {
            throw new IllegalArgumentException("--speaker-adversary needs --model cmaf: it reads the BiLSTM's clip "
                    + "summary, which " + architecture + " does not have");
        }
        if (trainSpeakers < 0) {
            throw new IllegalArgumentException("--train-speakers must be 0 (all) or more, not " + trainSpeakers);
        }
        if (speakerReferences < 1) {
            throw new IllegalArgumentException("--speaker-references must be at least 1, not " + speakerReferences);
        }
        Djl.pytorch();
        LabelSet set = LabelSet.named(labels);
        List<Sample> samples = data.scan(set, err);
        if (testCorpora.size() != testLayouts.size()) {
            throw new IllegalArgumentException("give one --test-layout for each --test-corpus");
        }
        List<Sample> cross = new java.util.ArrayList<>();
        org.autotier.core.training.CorpusLabelMap map = data.labelMap == null
                ? org.autotier.core.training.CorpusLabelMap.DEFAULT
                : org.autotier.core.training.CorpusLabelMap.read(data.labelMap);
        for (int i = 0; i < testCorpora.size(); i++) {
            cross.addAll(CorpusOptions.scan(testCorpora.get(i), testLayouts.get(i), set, map, data.tiers,
                    data.agreement, err));
        }
        if (normalization == null) {
            normalization = speakerNormalization ? "speaker" : "utterance";
        }
        org.autotier.core.training.FeatureNormalization.parse(normalization);
        // checked before hours of training, not when the fitted expert is built at the end of a fold
        if (!FunctionalExpert.known(statistics)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--statistics: '" + statistics + "' is not one of all, pitch, voice");
        }
        Experiment.Fusion fusionChoice = null;
        if (fusion != null) {
            try {
                fusionChoice = Experiment.Fusion.valueOf(fusion.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--fusion: '" + fusion + "' is not one of late, head");
            }
        }
        TrainingConfig d = TrainingConfig.DEFAULTS.withEpochs(epochs).withVariant(variant);
        boolean windowed = TrainingConfig.WINDOWED_QKV.equals(architecture);
        TrainingConfig config = d.toBuilder().hidden(hidden).attention(windowed ? windows : d.attention())
                .learningRate(learningRate != null ? learningRate : d.learningRate()).batchSize(batch).seed(seed)
                .architecture(architecture).speakerNormalization(speakerNormalization || "speaker".equals(normalization))
                .augment(augment).normalization(normalization).augmentCopies(augmentCopies).logFloorDb(logFloorDb)
                .clipGradient(clipGradient).functionals(functionals).statistics(statistics).members(members)
                .speakerReferences(speakerReferences).augmentPitch(augmentPitch).shareVoices(shareVoices).shareOneMood(shareOneMood)
                .speakerAdversary(speakerAdversary).build();
        String corpora = String.join(" + ", data.corpora.stream().map(p -> p.toAbsolutePath().normalize().toString())
                .toList());
        Experiment.Result r = Experiment.run(corpora, data.layoutName(), samples, set, config,
                new Experiment.Plan(folds, firstFoldOnly, cross, fusionChoice, testSpeakersTrain,
                        trainSpeakers), init, output, Versions.autotier(),
                line -> {
                    err.println(line);
                    err.flush();
                });
        // with the test speakers training, fold 0's figures are the other corpora's, printed below
        if (!testSpeakersTrain) {
            out.printf(Locale.ROOT, "%d-fold speaker-independent%s: WA %.3f ± %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f%n",
                    folds, firstFoldOnly ? " (fold 0 only)" : "", r.mean(f -> f.report().metrics().weightedAccuracy()),
                    r.sd(f -> f.report().metrics().weightedAccuracy()),
                    r.mean(f -> f.report().metrics().unweightedAccuracy()), r.mean(f -> f.report().metrics().weightedF1()),
                    r.mean(f -> f.report().ece()));
        }
        r.folds().get(0).perCorpus().forEach((name, rep) -> out.println("fold 0 test speakers, "
                + Experiment.describe(name, rep)));
        r.folds().get(0).crossCorpus().forEach((name, rep) -> out.println("cross-corpus, "
                + Experiment.describe(name, rep)));
        out.printf("model saved to %s (fold 0; test speakers %s)%n", output, testSpeakersTrain
                ? "none of the training corpus: they trained" : r.card().provenance().testSpeakers());
        return ExitCodes.OK;
    }
}
