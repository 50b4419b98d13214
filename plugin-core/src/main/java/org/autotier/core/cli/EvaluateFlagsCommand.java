package org.autotier.core.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.autotier.core.suggest.AnalysisWindows;
import org.autotier.core.suggest.EmotionPredictor;
import org.autotier.core.suggest.FlagRules;
import org.autotier.core.suggest.FlagUsefulness;
import org.autotier.core.suggest.SegmentAnalysis;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.core.training.FeatureTable;
import org.autotier.core.training.ModelStore;
import org.autotier.core.training.Sample;
import org.autotier.model.suggest.Flag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autotier evaluate-flags}: how well the review flags pick out wrong suggestions, on
 * labelled clips of speakers the model never saw. Each clip is one segment, judged exactly as
 * {@code run} judges a segment (same windows, same rules, same thresholds).
 */
@Command(name = "evaluate-flags", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Measure the review flags on labelled data: share flagged, error rate of flagged and unflagged",
            "suggestions, share of all errors the flags catch, per flag, and the risk-coverage curve of the",
            "confidence. Target: flags catch >= 70%% of errors while flagging <= 30%% of suggestions."})
final class EvaluateFlagsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    CorpusOptions data = new CorpusOptions();

    @Option(names = "--all-speakers", description = "also count speakers the model was trained or validated on")
    boolean allSpeakers;

    @Option(names = "--json", description = "print the figures as one JSON object on stdout")
    boolean json;

    @Mixin
    SuggestOptions suggest = new SuggestOptions();

    @picocli.CommandLine.Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Override
    public Integer call() throws Exception {
        threadOptions.apply(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        SuggestParams params = suggest.params();
        try (EmotionPredictor predictor = suggest.open(spec.commandLine().getErr())) {
            var card = predictor.card();
            HeldOutClips held = HeldOutClips.of(card, data, allSpeakers, spec.commandLine().getErr());
            List<Sample> samples = held.samples();
            List<FeatureTable.Clip> clips = held.clips();
            List<float[][]> inputs = new ArrayList<>();
            List<float[][]> visual = new ArrayList<>();
            List<int[]> windowRange = new ArrayList<>();
            for (FeatureTable.Clip c : clips) {
                long durationMs = c.frames().length * 10L;
                inputs.add(c.frames());
                visual.add(c.visual());
                int first = inputs.size();
                for (long[] span : AnalysisWindows.spans(0, durationMs, params.windowMs())) {
                    inputs.add(AnalysisWindows.frames(c.frames(), 0, span));
                    // face frames are 10 a second from the clip's start
                    int a = (int) Math.min(c.visual().length, span[0] / 100);
                    int b = (int) Math.min(c.visual().length, span[1] / 100);
                    visual.add(java.util.Arrays.copyOfRange(c.visual(), a, Math.max(a, b)));
                }
                windowRange.add(new int[] {first - 1, first, inputs.size()});
            }
            List<EmotionPredictor.Prediction> pred = predictor.predict(inputs, visual);
            List<String> labels = predictor.labels();
            List<FlagUsefulness.Outcome> outcomes = new ArrayList<>();
            Map<String, List<FlagUsefulness.Outcome>> byCorpus = new java.util.TreeMap<>();
            Map<String, java.util.Set<Integer>> present = new java.util.HashMap<>();
            for (int i = 0; i < samples.size(); i++) {
                present.computeIfAbsent(samples.get(i).corpus(), c -> new java.util.HashSet<>()).add(clips.get(i).label());
            }
            var expert = card.functionals();
            for (int i = 0; i < clips.size(); i++) {
                int[] r = windowRange.get(i);
                double shrink = held.shrink() == null ? 0 : held.shrink()[i];
                EmotionPredictor.Prediction clipPred = pred.get(r[0]).withExpert(expert, held.opinion(i)).shrunk(shrink);
                double[] p = clipPred.best();
                List<SegmentAnalysis.Window> windows = new ArrayList<>();
                for (int k = r[1]; k < r[2]; k++) {
                    double[] wp = pred.get(k).withExpert(expert, held.opinion(i)).shrunk(shrink).best();
                    int top = FlagRules.argMax(wp);
                    windows.add(new SegmentAnalysis.Window(0, 0, labels.get(top), wp[top], wp));
                }
                int top = FlagRules.argMax(p);
                // with an audio-visual model the face-only head is the face's opinion and the clip's face
                // frames its evidence; an audio-only model has neither, so the face rules (WEAK_EVIDENCE
                // for missing faces, MODALITY_CONFLICT) cannot be measured and are left out
                FeatureTable.Clip clip = clips.get(i);
                boolean av = pred.get(r[0]).visual() != null;
                long speechMs = clip.frames().length * 10L;
                Set<Flag> flags = FlagRules.flags(params, new FlagRules.Evidence(labels, p,
                        clipPred.audio(), av ? clipPred.visual() : null, windows,
                        av ? clip.visual().length : 0, speechMs, av, List.of(),
                        held.outOfDomain() == null ? 0 : held.outOfDomain()[i],
                        org.autotier.core.suggest.ReliabilityFusion.audioReliability(shrink, speechMs), av ? 1 : 0));
                int truth = clips.get(i).label();
                // calm where the corpus has only neutral counts as neutral, as evaluate counts it
                boolean right = top == truth || (!present.get(samples.get(i).corpus()).contains(top)
                        && org.autotier.core.suggest.LabelMapping.same(labels.get(top), labels.get(truth)));
                outcomes.add(new FlagUsefulness.Outcome(flags, p[top], right));
                byCorpus.computeIfAbsent(samples.get(i).corpus(), c -> new ArrayList<>()).add(outcomes.get(i));
            }
            FlagUsefulness u = FlagUsefulness.of(outcomes);
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", suggest.modelPath().toString());
                j.put("speakers", samples.stream().map(Sample::speaker).distinct().sorted().toList());
                j.put("suggestions", u.suggestions());
                j.put("errors", u.errors());
                j.put("flaggedShare", u.flaggedShare());
                j.put("errorRateFlagged", u.errorRateFlagged());
                j.put("errorRateUnflagged", u.errorRateUnflagged());
                j.put("errorsCaught", u.errorsCaught());
                j.put("meetsTarget", u.meetsTarget());
                Map<String, Object> pf = new LinkedHashMap<>();
                u.perFlag().forEach((f, v) -> pf.put(f.name(), Map.of("flaggedShare", v[0], "errorRate", v[1],
                        "errorsCaught", v[2])));
                j.put("perFlag", pf);
                j.put("riskCoverage", u.riskCoverage());
                j.put("parameters", params);
                Map<String, Object> pc = new LinkedHashMap<>();
                byCorpus.forEach((name, o) -> {
                    FlagUsefulness c = FlagUsefulness.of(o);
                    pc.put(name, Map.of("suggestions", c.suggestions(), "errors", c.errors(), "flaggedShare",
                            c.flaggedShare(), "errorRateFlagged", c.errorRateFlagged(), "errorRateUnflagged",
                            c.errorRateUnflagged(), "errorsCaught", c.errorsCaught()));
                });
                j.put("perCorpus", pc);
                out.println(ModelStore.toJson(j).replaceAll("\\s*\\n\\s*", " "));
            } else {
                out.printf(Locale.ROOT, "%d suggestions, %d wrong (%.1f%%)%n", u.suggestions(), u.errors(),
                        100.0 * u.errors() / u.suggestions());
                out.printf(Locale.ROOT, "flagged %.1f%%; error rate flagged %.1f%%, unflagged %.1f%%; "
                        + "flags catch %.1f%% of errors (target >= 70%% while flagging <= 30%%: %s)%n",
                        100 * u.flaggedShare(), 100 * u.errorRateFlagged(), 100 * u.errorRateUnflagged(),
                        100 * u.errorsCaught(), u.meetsTarget() ? "met" : "not met");
                u.perFlag().forEach((f, v) -> {
                    if (v[0] > 0) {
                        out.printf(Locale.ROOT, "  %-18s flags %5.1f%%, error rate %5.1f%%, catches %5.1f%% of errors%n",
                                f, 100 * v[0], 100 * v[1], 100 * v[2]);
                    }
                });
                if (byCorpus.size() > 1) {
                    byCorpus.forEach((name, o) -> {
                        FlagUsefulness c = FlagUsefulness.of(o);
                        out.printf(Locale.ROOT, "  %s: %d suggestions, %.1f%% wrong; flagged %.1f%%, error rate flagged "
                                + "%.1f%%, unflagged %.1f%%, errors caught %.1f%%%n", name, c.suggestions(),
                                100.0 * c.errors() / c.suggestions(), 100 * c.flaggedShare(), 100 * c.errorRateFlagged(),
                                100 * c.errorRateUnflagged(), 100 * c.errorsCaught());
                    });
                }
                out.println("  risk-coverage (abstain below confidence t): t, coverage, error rate of the rest");
                for (double[] c : u.riskCoverage()) {
                    if (c[1] > 0) {
                        out.printf(Locale.ROOT, "    %.2f  %.3f  %.3f%n", c[0], c[1], c[2]);
                    }
                }
            }
        }
        return ExitCodes.OK;
    }
}
