package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.tiers.SegmentTierWriter;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code autotier segment MEDIA -o OUT.eaf [--into EXISTING.eaf]}: the speech-with-face tiers. */
@Command(name = "segment", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Find where someone speaks with their face in view, and write it as EAF 3.0 tiers:",
            "autotier-speech, autotier-face (one per face track) and autotier-speech-face.",
            "Audio-only files get the speech tier only. Existing tiers are never changed;",
            "the output is written atomically and a previous file is kept as OUT.bak."})
final class SegmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MEDIA", description = "recording: mp4, mov, mkv, avi, webm, flv, mpg, wav, mp3, flac ...")
    Path media;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.eaf",
            description = "EAF to write (default: MEDIA with .eaf, or the --into file)")
    Path output;

    @Option(names = "--into", paramLabel = "EXISTING.eaf",
            description = "add the tiers to this EAF, keeping every existing tier; autotier's own tiers are replaced")
    Path into;

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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = output != null ? output : into != null ? into : defaultOutput(media);
        EafDocument existing = null;
        if (into != null) {
            existing = EafReader.read(into); // fail on a broken EAF before spending time on the media
        }
        VadParams vad = new VadParams(vadThreshold, minSpeechMs, minSilenceMs, speechPadMs);
        SegmentParams params = new SegmentParams(minDurationMs, mergeGapMs, padMs, fps, faceScore, faceGapMs);
        SegmentationResult r = new SegmentationPipeline(vad, params, faceModel)
                .run(media, ProgressBar.forConsole(err, media.getFileName().toString()));
        EafDocument doc = SegmentTierWriter.write(existing, r, vad, target, Versions.autotier());
        EafVersion version = existing == null ? EafVersion.V3_0 : EafVersion.forWriting(existing.version());
        EafWriter.write(doc, target, version, true);
        if (r.audioOnly()) {
            out.printf("%s: audio only (no video stream): speech tier only%n", media);
        }
        out.printf("%s -> %s: %d speech region(s), %d face track(s), %d speech-face segment(s) in %.1f s%n", media,
                target, r.speech().size(), r.tracks().size(), r.segments().size(), r.elapsedMs() / 1000.0);
        return ExitCodes.OK;
    }

    static Path defaultOutput(Path media) {
        String name = media.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path out = media.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".eaf");
        return out.equals(media) ? media.resolveSibling(name + ".eaf") : out;
    }
}
