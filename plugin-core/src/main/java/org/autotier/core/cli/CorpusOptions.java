package org.autotier.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.autotier.core.training.CorpusLabelMap;
import org.autotier.core.training.CorpusLayouts;
import org.autotier.core.training.EafCorpus;
import org.autotier.core.training.LabelSet;
import org.autotier.core.training.RavdessCorpus;
import org.autotier.core.training.Sample;
import picocli.CommandLine.Option;

/**
 * Where labelled data comes from, shared by train, evaluate and evaluate-flags: one or more
 * corpora, each a {@code --corpus DIR --layout L} pair.
 */
final class CorpusOptions {
    static final String LAYOUTS = "ravdess (RAVDESS file names), emodb (EmoDB file names), folders "
            + "(CORPUS/<label>/[<speaker>/]files) or eaf (media beside EAF files with human emotion tiers)";

    @Option(names = "--corpus", required = true, paramLabel = "DIR",
            description = "a corpus folder; repeat, each with its --layout, to use several corpora")
    List<Path> corpora = new ArrayList<>();

    @Option(names = "--layout", required = true, description = "for each --corpus: " + LAYOUTS)
    List<String> layouts = new ArrayList<>();

    @Option(names = "--label-map", paramLabel = "FILE",
            description = "override how corpus labels map onto the model's: lines 'corpus-label = model-label' "
                    + "(empty right side: leave out)")
    Path labelMap;

    @Option(names = "--tier", paramLabel = "TIER",
            description = "--layout eaf: a human emotion tier, one per annotator (repeat)")
    List<String> tiers = new ArrayList<>();

    @Option(names = "--agreement", defaultValue = "UNANIMOUS",
            description = "--layout eaf with several tiers: UNANIMOUS or MAJORITY (default ${DEFAULT-VALUE})")
    EafCorpus.Agreement agreement;

    /** The first corpus (the one named in messages about the whole run). */
    Path corpus() {
        return corpora.get(0);
    }

    /** "ravdess", or "ravdess+emodb" for several corpora. */
    String layoutName() {
        return String.join("+", layouts);
    }

    /** Every corpus's samples, each tagged with its corpus; what was left out is reported. */
    List<Sample> scan(LabelSet labels, PrintWriter log) throws IOException {
        if (corpora.size() != layouts.size()) {
            throw new IllegalArgumentException("give one --layout for each --corpus (" + corpora.size() + " corpora, "
                    + layouts.size() + " layouts)");
        }
        CorpusLabelMap map = labelMap == null ? CorpusLabelMap.DEFAULT : CorpusLabelMap.read(labelMap);
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < corpora.size(); i++) {
            all.addAll(scan(corpora.get(i), layouts.get(i), labels, map, tiers, agreement, log));
        }
        return all;
    }

    static List<Sample> scan(Path corpus, String layout, LabelSet labels, CorpusLabelMap map, List<String> tiers,
            EafCorpus.Agreement agreement, PrintWriter log) throws IOException {
        String name = corpus.toAbsolutePath().normalize().getFileName().toString();
        List<Sample> samples = switch (layout) {
            case "ravdess" -> RavdessCorpus.scan(corpus, labels, map);
            case "emodb", "folders" -> {
                CorpusLayouts.Scan s = "emodb".equals(layout) ? CorpusLayouts.emoDb(corpus, labels, map)
                        : CorpusLayouts.folders(corpus, labels, map);
                if (!s.leftOut().isEmpty()) {
                    log.printf("%s: left out (no counterpart in %s): %s%n", corpus, labels.name(), s.leftOut());
                    log.flush();
                }
                yield s.samples();
            }
            case "eaf" -> {
                EafCorpus.Scan s = EafCorpus.scan(corpus, tiers, agreement, labels, map);
                log.printf("%s: %d labelled segment(s) of %d; %d without %s agreement, %d with labels outside %s%n",
                        corpus, s.samples().size(), s.candidates(), s.disagreements(),
                        agreement.name().toLowerCase(Locale.ROOT), s.unknownLabels(), labels.name());
                log.flush();
                yield s.samples();
            }
            default -> throw new IllegalArgumentException("layout \"" + layout + "\" is unknown; use " + LAYOUTS);
        };
        return samples.stream().map(s -> s.withCorpus(name)).toList();
    }
}
