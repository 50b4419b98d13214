package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.autotier.core.fusion.Djl;
import org.autotier.core.suggest.ShippedModel;
import org.autotier.core.training.Evaluation;
import org.autotier.core.training.FeatureTable;
import org.autotier.core.training.FusionTrainer;
import org.autotier.core.training.ModelCard;
import org.autotier.core.training.ModelStore;
import org.autotier.core.training.Normalizer;
import org.autotier.core.training.Sample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autotier evaluate}: a model's figures on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Score a model on a labelled corpus: WA, UA, weighted and per-class F1, confusion matrix,",
            "ECE. By default only speakers the model never saw in training or validation count."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    CorpusOptions data = new CorpusOptions();

    @Option(names = "--model", paramLabel = "PATH",
            description = "model folder (with model.json); default: the shipped model, models/emotion-audio")
    Path model;

    @Option(names = "--all-speakers", description = "also count speakers the model was trained or validated on")
    boolean allSpeakers;

    @Option(names = "--json", description = "print the metrics as one JSON object on stdout")
    boolean json;

    @Option(names = "--plots", paramLabel = "DIR", defaultValue = "autotier-evaluation",
            description = "write confusion-matrix.png and reliability.png here (default ${DEFAULT-VALUE})")
    Path plots;

    @picocli.CommandLine.Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Override
    public Integer call() throws Exception {
        threadOptions.apply(spec.commandLine().getErr());
        Djl.pytorch();
        if (model == null) {
            model = ShippedModel.path();
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ModelStore.Loaded loaded = ModelStore.load(model)) {
            ModelCard card = loaded.card();
            HeldOutClips held = HeldOutClips.of(card, data, allSpeakers, spec.commandLine().getErr());
            List<Sample> samples = held.samples();
            List<FeatureTable.Clip> clips = held.clips();
            FusionTrainer scorer = new FusionTrainer(card.provenance().config(), card.labels().size(),
                    new Normalizer(card.normalizationMean(), card.normalizationStd()));
            double[][] logits = held.scores(scorer.logits(loaded.model(), loaded.block(), clips,
                    Evaluation.outputIndex(card.head())), card);
            double temperature = held.temperature(card);
            Evaluation.Report r = Evaluation.score(logits, clips, card.labels(), temperature, held.shrink());
            Map<String, Evaluation.Report> perCorpus = org.autotier.core.training.Experiment.perCorpus(samples, logits,
                    clips, held.shrink(), org.autotier.core.training.LabelSet.named(card.labelSet()), temperature);
            var m = r.metrics();
            String title = model.toAbsolutePath().normalize().getFileName() + ", " + r.samples() + " clips";
            Path cm = org.autotier.core.eval.Plots.confusionMatrix(m, "Confusion (row-normalised): " + title,
                    plots.resolve("confusion-matrix.png"));
            Path rel = org.autotier.core.eval.Plots.reliability(r.reliability(), r.ece(), "Reliability: " + title,
                    plots.resolve("reliability.png"));
            spec.commandLine().getErr().printf("plots: %s, %s%n", cm, rel);
            spec.commandLine().getErr().flush();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", model.toString());
                j.put("samples", r.samples());
                j.put("speakers", samples.stream().map(Sample::speaker).distinct().sorted().toList());
                j.put("labels", m.labels());
                j.put("wa", m.weightedAccuracy());
                j.put("ua", m.unweightedAccuracy());
                j.put("weightedF1", m.weightedF1());
                j.put("f1", m.f1());
                j.put("confusion", m.confusion());
                j.put("ece", r.ece());
                j.put("eceSamplingFloor", r.eceFloor().mean());
                j.put("eceSamplingFloor95", r.eceFloor().upper95());
                j.put("eceUncalibrated", r.eceUncalibrated());
                j.put("temperature", r.temperature());
                j.put("wrongConfident", r.wrongConfident());
                j.put("meanConfidence", r.meanConfidence());
                j.put("plots", List.of(cm.toString(), rel.toString()));
                Map<String, Object> pc = new LinkedHashMap<>();
                perCorpus.forEach((name, rep) -> {
                    Map<String, Object> c = new LinkedHashMap<>(rep.summary());
                    c.put("confusion", rep.metrics().confusion());
                    pc.put(name, c);
                });
                j.put("perCorpus", pc);
                out.println(ModelStore.toJson(j).replaceAll("\\s*\\n\\s*", " "));
            } else {
                out.printf(Locale.ROOT, "%d clips: WA %.3f, UA %.3f, weighted F1 %.3f, ECE %.3f (uncalibrated %.3f, T = %.2f)%n",
                        r.samples(), m.weightedAccuracy(), m.unweightedAccuracy(), m.weightedF1(), r.ece(),
                        r.eceUncalibrated(), r.temperature());
                out.printf(Locale.ROOT, "ECE from sampling alone, were the model perfectly calibrated: %.3f on "
                        + "average on %d clips, at most %.3f in 95%% of draws%n", r.eceFloor().mean(), r.samples(),
                        r.eceFloor().upper95());
                out.printf(Locale.ROOT, "wrong with confidence >= 0.9: %.1f%% of suggestions; mean confidence %.3f%n",
                        100 * r.wrongConfident(), r.meanConfidence());
                if (perCorpus.size() > 1) {
                    perCorpus.forEach((name, rep) -> out.println("  " + org.autotier.core.training.Experiment
                            .describe(name, rep)));
                }
                for (int k = 0; k < m.labels().size(); k++) {
                    out.printf(Locale.ROOT, "  %-10s F1 %.3f  recall %.3f  precision %.3f%n", m.labels().get(k),
                            m.f1()[k], m.recall()[k], m.precision()[k]);
                }
            }
        }
        return ExitCodes.OK;
    }
}
