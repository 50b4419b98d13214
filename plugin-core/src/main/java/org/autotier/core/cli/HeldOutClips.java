package org.autotier.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.autotier.core.training.FeatureTable;
import org.autotier.core.training.LabelSet;
import org.autotier.core.training.ModelCard;
import org.autotier.core.training.Sample;

/**
 * The labelled clips evaluate and evaluate-flags score: by default only speakers the model never
 * saw (neither training nor validation), with the model's own feature settings and normalisation,
 * each clip's out-of-domain shrink ({@code null} for models without a domain model), and the second
 * audio expert's opinion of each clip, relative to its speaker's clips here ({@code null} for
 * models without the expert).
 */
record HeldOutClips(List<Sample> samples, List<FeatureTable.Clip> clips, double[] shrink, double[] outOfDomain,
        List<org.autotier.core.training.FunctionalExpert.Opinion> opinions) {

    /**
     * The scores evaluate reads: the model's logits, or with the second expert the log of the
     * combined distribution, read at {@link #temperature}.
     */
    double[][] scores(double[][] logits, ModelCard card) {
        return org.autotier.core.training.Experiment.scores(logits, card.temperature(), card.functionals(),
                opinions);
    }

    /** The temperature of {@link #scores}: the model's, or 1 for the combination's log-probabilities. */
    double temperature(ModelCard card) {
        return opinions == null ? card.temperature() : 1;
    }

    /** The expert's opinion of clip i, or null without the expert. */
    org.autotier.core.training.FunctionalExpert.Opinion opinion(int i) {
        return opinions == null ? null : opinions.get(i);
    }

    static HeldOutClips of(ModelCard card, CorpusOptions data, boolean allSpeakers, PrintWriter log)
            throws IOException {
        List<Sample> samples = data.scan(LabelSet.named(card.labelSet()), log);
        if (!allSpeakers) {
            Set<String> seen = new HashSet<>(card.provenance().trainSpeakers());
            seen.addAll(card.provenance().validationSpeakers());
            samples = samples.stream().filter(s -> !seen.contains(s.speaker())).toList();
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(data.corpus() + ": no clips of speakers the model has not seen");
        }
        // with the second expert, its statistics come from the same decoding as the frames
        FeatureTable.Extracted extracted = FeatureTable.extract(samples, card.features(),
                Runtime.getRuntime().availableProcessors(), card.functionals() != null);
        List<FeatureTable.Clip> clips = extracted.clips();
        if ("fused".equals(card.head())) {
            clips = org.autotier.core.training.FaceFeatures.add(samples, clips);
        }
        // each clip's out-of-domain shrink comes from its raw features, as in run
        double[] shrink = null;
        double[] outOfDomain = null;
        var domain = card.domain();
        if (domain != null) {
            double[] distance = clips.stream().mapToDouble(c -> domain.distance(c.frames(), card.features().mfcc(),
                    card.features().melBands())).toArray();
            shrink = java.util.Arrays.stream(distance).map(domain::shrink).toArray();
            outOfDomain = java.util.Arrays.stream(distance).map(domain::score).toArray();
        }
        List<org.autotier.core.training.FunctionalExpert.Opinion> opinions = card.functionals() == null ? null
                : card.functionals().opinions(extracted.functionals(), samples.stream().map(Sample::speaker).toList());
        clips = org.autotier.core.training.FeatureNormalization.of(card.provenance().config()).apply(clips,
                card.speakerPrior());
        return new HeldOutClips(samples, clips, shrink, outOfDomain, opinions);
    }
}
