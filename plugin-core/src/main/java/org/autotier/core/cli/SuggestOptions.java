package org.autotier.core.cli;

import org.autotier.core.suggest.SuggestParams;
import picocli.CommandLine.Option;

/** The flag thresholds and model choice, shared by {@code run} and {@code evaluate-flags}. */
final class SuggestOptions {
    @Option(names = "--model", paramLabel = "PATH",
            description = "model folder (with model.json); default: the shipped model, models/emotion-audio")
    java.nio.file.Path model;

    @Option(names = "--device", defaultValue = "auto",
            description = "auto (CUDA when present, else CPU), cpu or gpu (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--batch-size", defaultValue = "0", paramLabel = "N",
            description = "segments per forward pass of the emotion model (default: 64 on the CPU, 512 on a GPU)")
    int batchSize;

    @Option(names = "--low-confidence", defaultValue = "0.5",
            description = "LOW_CONFIDENCE below this calibrated probability (default ${DEFAULT-VALUE})")
    double lowConfidence;

    @Option(names = "--window", defaultValue = "2000", paramLabel = "MS",
            description = "analysis window inside segments; windows overlap by half (default ${DEFAULT-VALUE} ms)")
    long windowMs;

    @Option(names = "--stable-agreement", defaultValue = "0.6",
            description = "UNSTABLE when fewer windows than this share agree with the label (default ${DEFAULT-VALUE})")
    double stableAgreement;

    @Option(names = "--min-face-frames", defaultValue = "3",
            description = "WEAK_EVIDENCE with fewer face frames (default ${DEFAULT-VALUE})")
    int minFaceFrames;

    @Option(names = "--min-segment-speech", defaultValue = "600", paramLabel = "MS",
            description = "WEAK_EVIDENCE with less speech in the segment (default ${DEFAULT-VALUE} ms)")
    long minSegmentSpeechMs;

    @Option(names = "--face-weight", defaultValue = "1.0",
            description = "weight of the face-expression net, times its reliability and the weight fitted when the model was "
                    + "trained on video, when the model has no trained fusion head; 0 ignores faces (default ${DEFAULT-VALUE})")
    double faceWeight;

    @Option(names = "--include-speech-without-face",
            description = "in videos, also suggest for speech with no face in view (audio only)")
    boolean withoutFace;

    SuggestParams params() {
        return new SuggestParams(lowConfidence, windowMs, stableAgreement, minFaceFrames, minSegmentSpeechMs,
                faceWeight, withoutFace);
    }

    /** Opens the model on the chosen device; on a GPU, says once what runs (stderr). */
    org.autotier.core.suggest.EmotionPredictor open(java.io.PrintWriter err) throws java.io.IOException {
        var predictor = org.autotier.core.suggest.EmotionPredictor.open(modelPath(), device, batchSize);
        if (predictor.device().isGpu()) {
            err.println("autotier: emotion model: " + predictor.describe());
            err.flush();
        }
        return predictor;
    }

    java.nio.file.Path modelPath() {
        return model != null ? model : org.autotier.core.suggest.ShippedModel.path();
    }
}
