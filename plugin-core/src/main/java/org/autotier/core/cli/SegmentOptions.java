package org.autotier.core.cli;

import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.vad.VadParams;
import picocli.CommandLine.Option;

/** The segmentation thresholds, shared by {@code segment} and {@code run}. */
final class SegmentOptions {
    @Option(names = "--vad-threshold", defaultValue = "0.4", description = "speech probability (default ${DEFAULT-VALUE})")
    double vadThreshold;

    @Option(names = "--min-speech", defaultValue = "250", paramLabel = "MS",
            description = "drop speech shorter than this (default ${DEFAULT-VALUE} ms)")
    long minSpeechMs;

    @Option(names = "--min-silence", defaultValue = "700", paramLabel = "MS",
            description = "a pause this long ends speech (default ${DEFAULT-VALUE} ms)")
    long minSilenceMs;

    @Option(names = "--speech-pad", defaultValue = "200", paramLabel = "MS",
            description = "padding around speech (default ${DEFAULT-VALUE} ms)")
    long speechPadMs;

    @Option(names = "--min-duration", defaultValue = "300", paramLabel = "MS",
            description = "drop speech-face segments shorter than this (default ${DEFAULT-VALUE} ms)")
    long minDurationMs;

    @Option(names = "--merge-gap", defaultValue = "300", paramLabel = "MS",
            description = "join segments of one face closer than this (default ${DEFAULT-VALUE} ms)")
    long mergeGapMs;

    @Option(names = "--pad", defaultValue = "0", paramLabel = "MS",
            description = "padding around speech-face segments (default ${DEFAULT-VALUE} ms)")
    long padMs;

    @Option(names = "--fps", defaultValue = "10", description = "video frames analysed per second (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--face-score", defaultValue = "0.6", description = "face detector threshold (default ${DEFAULT-VALUE})")
    double faceScore;

    @Option(names = "--face-gap", defaultValue = "500", paramLabel = "MS",
            description = "a face missed for up to this long stays visible (default ${DEFAULT-VALUE} ms)")
    long faceGapMs;

    @Option(names = "--face-model", defaultValue = "FRONT_128",
            description = "BlazeFace model: FRONT_128 (near faces, fast) or BACK_256 (smaller faces) (default ${DEFAULT-VALUE})")
    BlazeFaceDetector.Variant faceModel;

    VadParams vad() {
        return new VadParams(vadThreshold, minSpeechMs, minSilenceMs, speechPadMs);
    }

    SegmentParams segment() {
        return new SegmentParams(minDurationMs, mergeGapMs, padMs, fps, faceScore, faceGapMs);
    }
}
