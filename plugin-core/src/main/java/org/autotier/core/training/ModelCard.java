package org.autotier.core.training;

import java.util.List;
import java.util.Map;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.suggest.ReliabilityFusion;

/**
 * model.json: everything needed to run a trained model and to trace where it came from
 * (architecture, labels, feature settings, normalisation, temperature, data, split, configuration,
 * metrics, autotier version, date).
 *
 * @param speakerPriorMean with speaker normalisation: the training speakers' pooled raw feature
 *     mean (and deviation), what a speaker with little speech is normalised towards
 * @param head which output predicts: "audio" for audio-only models, "fused" for audio-visual ones
 * @param domain what the training audio looked like, for the out-of-domain score; null in cards
 *     written before it existed
 * @param functionals the second audio expert on speaker-relative utterance statistics; null for
 *     models without one (the BiLSTM alone)
 * @param lateFusion the face weight fitted on the training corpus's video for an audio-only model
 *     (train --fusion late); null when the corpus had no video or the model has a fused head
 */
public record ModelCard(int format, String architecture, String variant, String labelSet, List<String> labels,
        int audioDim, int visualDim, int hidden, int attention, float dropout, String head, AudioFeatureConfig features,
        double[] normalizationMean, double[] normalizationStd, int maxFrames, double temperature,
        Provenance provenance, double[] speakerPriorMean, double[] speakerPriorStd, DomainModel domain,
        FunctionalExpert functionals, ReliabilityFusion.FaceWeight lateFusion) {

    public static final int FORMAT = 1;

    /** The population statistics speaker normalisation shrinks towards; null for models without it. */
    public Normalizer speakerPrior() {
        return speakerPriorMean == null ? null : new Normalizer(speakerPriorMean, speakerPriorStd);
    }

    /** The same card with the given metrics in its provenance. */
    public ModelCard withMetrics(Map<String, Object> metrics) {
        Provenance p = provenance;
        return new ModelCard(format, architecture, variant, labelSet, labels, audioDim, visualDim, hidden, attention,
                dropout, head, features, normalizationMean, normalizationStd, maxFrames, temperature,
                new Provenance(p.corpus(), p.layout(), p.samples(), p.trainSpeakers(), p.validationSpeakers(),
                        p.testSpeakers(), p.config(), p.bestEpoch(), metrics, p.autotierVersion(), p.date(), p.engine()),
                speakerPriorMean, speakerPriorStd, domain, functionals, lateFusion);
    }

    /** The same card with another out-of-domain model (calibrate-domain's fitted shrink). */
    public ModelCard withDomain(DomainModel newDomain) {
        return new ModelCard(format, architecture, variant, labelSet, labels, audioDim, visualDim, hidden, attention,
                dropout, head, features, normalizationMean, normalizationStd, maxFrames, temperature, provenance,
                speakerPriorMean, speakerPriorStd, newDomain, functionals, lateFusion);
    }

    /** The face opinion's weight in late fusion before the user's: the fitted one, else 1. */
    public double faceWeight() {
        return lateFusion == null ? 1 : lateFusion.faceWeight();
    }

    /** Where the model came from and how well it did. */
    public record Provenance(String corpus, String layout, int samples, List<String> trainSpeakers,
            List<String> validationSpeakers, List<String> testSpeakers, TrainingConfig config, int bestEpoch,
            Map<String, Object> metrics, String autotierVersion, String date, String engine) {
    }
}
