package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.autotier.core.fusion.CmafConfig;
import org.autotier.core.fusion.Djl;
import org.autotier.core.training.Experiment;
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

    @Option(names = "--variant", defaultValue = "C", description = "cmaf ablation A-E (default ${DEFAULT-VALUE})")
    CmafConfig.Variant variant;

    @Option(names = "--speaker-normalization",
            description = "z-score features per speaker (per recording when running), a standard step for new speakers")
    boolean speakerNormalization;

    @Option(names = "--hidden", defaultValue = "64",
            description = "BiLSTM units per direction (cmaf) or channels (windowed-qkv) (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--augment", description = "mask a random stretch and feature band of each training clip")
    boolean augment;

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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!TrainingConfig.CMAF.equals(architecture) && !TrainingConfig.WINDOWED_QKV.equals(architecture)) {
            throw new IllegalArgumentException("model \"" + architecture + "\" is unknown; use cmaf or windowed-qkv");
        }
        Djl.pytorch();
        LabelSet set = LabelSet.named(labels);
        List<Sample> samples = data.scan(set, err);
        TrainingConfig d = TrainingConfig.DEFAULTS.withEpochs(epochs).withVariant(variant);
        boolean windowed = TrainingConfig.WINDOWED_QKV.equals(architecture);
        TrainingConfig config = new TrainingConfig(d.variant(), hidden, windowed ? windows : d.attention(),
                d.dropout(), learningRate != null ? learningRate : d.learningRate(), batch, d.maxEpochs(), d.patience(),
                seed, d.maxFrames(), d.visualDim(), d.auxWeight(), architecture, speakerNormalization, augment);
        Experiment.Result r = Experiment.run(data.corpus, data.layout, samples, set, config, folds, init, output,
                Versions.autotier(),
                line -> {
                    err.println(line);
                    err.flush();
                });
        out.printf(Locale.ROOT, "%d-fold speaker-independent: WA %.3f ± %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f%n",
                folds, r.mean(f -> f.report().metrics().weightedAccuracy()),
                r.sd(f -> f.report().metrics().weightedAccuracy()), r.mean(f -> f.report().metrics().unweightedAccuracy()),
                r.mean(f -> f.report().metrics().weightedF1()), r.mean(f -> f.report().ece()));
        out.printf("model saved to %s (fold 0; test speakers %s)%n", output, r.card().provenance().testSpeakers());
        return ExitCodes.OK;
    }
}
