package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.tiers.SegmentTierWriter;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SegmentOptions options = new SegmentOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = output != null ? output : into != null ? into : defaultOutput(media);
        // a read-only or full folder is found now, not after the analysis
        org.autotier.model.eaf.io.AtomicFiles.checkWritable(target.toAbsolutePath().getParent());
        EafDocument existing = null;
        if (into != null) {
            existing = EafReader.read(into); // fail on a broken EAF before spending time on the media
        }
        VadParams vad = options.vad();
        SegmentationResult r = new SegmentationPipeline(vad, options.segment(), options.faceModel)
                .run(media, ProgressBar.forConsole(err, media.getFileName().toString()));
        EafDocument doc = SegmentTierWriter.write(existing, r, vad, target, Versions.autotier());
        EafWriter.write(doc, target); // its version, or 3.0 if its content needs it; a backup kept
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
