package org.autotier.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** autotier's settings, editable live in any ConfigAdmin/Metatype console (PID org.autotier). */
@ObjectClassDefinition(id = "org.autotier", name = "autotier",
        description = "Auto-suggest settings: model, device, analysis rate and the review-flag thresholds")
public @interface AutotierConfig {
    @AttributeDefinition(name = "Model folder", description = "model folder with model.json; empty: the shipped "
            + "model, models/emotion-audio under autotier.home")
    String model() default "";

    @AttributeDefinition(name = "Device", options = {
        @org.osgi.service.metatype.annotations.Option(label = "auto (CUDA when present)", value = "auto"),
        @org.osgi.service.metatype.annotations.Option(label = "CPU", value = "cpu"),
        @org.osgi.service.metatype.annotations.Option(label = "GPU (CUDA)", value = "gpu")})
    String device() default "auto";

    @AttributeDefinition(name = "Analysis frame rate", description = "video frames analysed per second")
    double analysisFps() default 10;

    @AttributeDefinition(name = "Speech threshold", description = "voice-activity probability that counts as speech")
    double vadThreshold() default 0.4;

    @AttributeDefinition(name = "Low confidence", description = "LOW_CONFIDENCE below this calibrated probability")
    double lowConfidence() default 0.5;

    @AttributeDefinition(name = "Window (ms)", description = "analysis window inside segments, for UNSTABLE")
    long windowMs() default 2000;

    @AttributeDefinition(name = "Stable agreement", description = "UNSTABLE when fewer windows than this share agree")
    double stableAgreement() default 0.6;

    @AttributeDefinition(name = "Minimum face frames", description = "WEAK_EVIDENCE with fewer frames showing the face")
    int minFaceFrames() default 3;

    @AttributeDefinition(name = "Minimum speech (ms)", description = "WEAK_EVIDENCE with less speech in the segment")
    long minSegmentSpeechMs() default 600;

    @AttributeDefinition(name = "Face weight", description = "weight of the face-expression net in the reliability-weighted fusion")
    double faceWeight() default 1.0;

    @AttributeDefinition(name = "Speech without a face", description = "in videos, also suggest for speech with "
            + "no face in view (audio only)")
    boolean suggestWithoutFace() default false;

    @AttributeDefinition(name = "Isolation", description = "where the media and model pipeline runs: in a separate "
            + "analysis process, so that a crash in a codec or a model cannot end this application (auto: when the "
            + "bundles were installed from files), or inside this application", options = {
        @org.osgi.service.metatype.annotations.Option(label = "auto (separate process when possible)", value = "auto"),
        @org.osgi.service.metatype.annotations.Option(label = "separate process", value = "child"),
        @org.osgi.service.metatype.annotations.Option(label = "in this application", value = "in-process")})
    String isolation() default "auto";

    @AttributeDefinition(name = "Worker idle exit (s)", description = "the analysis process keeps its models loaded "
            + "between runs and exits after this many seconds without one")
    int workerIdleSeconds() default 300;

    @AttributeDefinition(name = "Worker maximum heap (MB)", description = "the analysis process's Java heap; "
            + "0: the JVM's default (a quarter of the memory)")
    int workerMaxHeapMb() default 0;

    @AttributeDefinition(name = "Worker JVM options", description = "more options for the analysis process's JVM, "
            + "separated by spaces")
    String workerJvmOptions() default "";
}
