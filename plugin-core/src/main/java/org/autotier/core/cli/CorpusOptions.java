package org.autotier.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autotier.core.training.EafCorpus;
import org.autotier.core.training.LabelSet;
import org.autotier.core.training.RavdessCorpus;
import org.autotier.core.training.Sample;
import picocli.CommandLine.Option;

/** Where labelled data comes from, shared by train, evaluate and evaluate-flags. */
final class CorpusOptions {
    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "the corpus folder")
    Path corpus;

    @Option(names = "--layout", required = true, description = "ravdess (RAVDESS file names) or eaf (media beside "
            + "EAF files with human emotion tiers)")
    String layout;

    @Option(names = "--tier", paramLabel = "TIER",
            description = "--layout eaf: a human emotion tier, one per annotator (repeat)")
    List<String> tiers = new ArrayList<>();

    @Option(names = "--agreement", defaultValue = "UNANIMOUS",
            description = "--layout eaf with several tiers: UNANIMOUS or MAJORITY (default ${DEFAULT-VALUE})")
    EafCorpus.Agreement agreement;

    List<Sample> scan(LabelSet labels, PrintWriter log) throws IOException {
        return switch (layout) {
            case "ravdess" -> RavdessCorpus.scan(corpus, labels);
            case "eaf" -> {
                EafCorpus.Scan s = EafCorpus.scan(corpus, tiers, agreement, labels);
                log.printf("%s: %d labelled segment(s) of %d; %d without %s agreement, %d with labels outside %s%n",
                        corpus, s.samples().size(), s.candidates(), s.disagreements(),
                        agreement.name().toLowerCase(java.util.Locale.ROOT), s.unknownLabels(), labels.name());
                log.flush();
                yield s.samples();
            }
            default -> throw new IllegalArgumentException("layout \"" + layout + "\" is unknown; use ravdess or eaf");
        };
    }
}
