package org.autotier.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A longer recording with a known truth, built from real GRID speaking-face clips: face+speech,
 * black silence, face only (muted), speech over black, face+speech, black silence. The
 * speech-face tier must recover the two face+speech parts and nothing else.
 */
class GridCompositeTest {

    @TempDir
    Path tmp;

    enum Kind { FACE_SPEECH, BLACK_SILENCE, FACE_ONLY, SPEECH_ONLY }

    record Clip(List<Frame> frames, short[] audio) {
    }

    private static Clip load(Path mpg) throws Exception {
        List<Frame> frames = new ArrayList<>();
        List<short[]> chunks = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mpg.toFile())) {
            g.setSampleRate(16_000);
            g.setAudioChannels(1);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) {
                    frames.add(f.clone());
                }
                if (f.samples != null) {
                    chunks.add(MediaFixtures.samplesOf(f));
                }
            }
        }
        short[] audio = MediaFixtures.concat(chunks);
        return new Clip(frames, audio);
    }

    /** The composite recording and its truth: the face+speech parts and the four other parts in order. */
    record Composite(Path file, List<Interval> truth, List<Interval> notSpeechFace) {
    }

    static Composite composite(Path tmp) throws Exception {
        Optional<Path> grid = MediaFixtures.sharedData().map(d -> d.resolve("av-clips/grid"));
        assumeTrue(grid.isPresent() && Files.isDirectory(grid.get()), "../shared/data is not present");
        List<Clip> clips = List.of(load(grid.get().resolve("bbaf2n.mpg")), load(grid.get().resolve("lbax4n.mpg")),
                load(grid.get().resolve("pwij3p.mpg")), load(grid.get().resolve("sbia1a.mpg")));
        Kind[] plan = {Kind.FACE_SPEECH, Kind.BLACK_SILENCE, Kind.FACE_ONLY, Kind.SPEECH_ONLY, Kind.FACE_SPEECH,
            Kind.BLACK_SILENCE};
        int w = clips.get(0).frames().get(0).imageWidth;
        int h = clips.get(0).frames().get(0).imageHeight;
        Path out = tmp.resolve("composite.mp4");
        List<Interval> truth = new ArrayList<>();
        List<Interval> notSpeechFace = new ArrayList<>();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), w, h, 1)) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(3);
            rec.setFrameRate(25);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setSampleRate(16_000);
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.start();
            long frameNo = 0;
            int clipNo = 0;
            long t = 0;
            Frame black = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            for (Kind kind : plan) {
                Clip clip = clips.get(clipNo % clips.size());
                boolean face = kind == Kind.FACE_SPEECH || kind == Kind.FACE_ONLY;
                boolean speech = kind == Kind.FACE_SPEECH || kind == Kind.SPEECH_ONLY;
                int n = kind == Kind.BLACK_SILENCE ? 50 : clip.frames().size();
                short[] audio = speech ? clip.audio() : new short[n * 16_000 / 25];
                rec.recordSamples(16_000, 1, ShortBuffer.wrap(audio));
                for (int i = 0; i < n; i++) {
                    rec.setTimestamp(frameNo * 40_000);
                    rec.record(face ? clip.frames().get(i) : black);
                    frameNo++;
                }
                long end = frameNo * 40;
                (kind == Kind.FACE_SPEECH ? truth : notSpeechFace).add(new Interval(t, end));
                t = end;
                if (kind != Kind.BLACK_SILENCE) {
                    clipNo++;
                }
            }
            rec.stop();
        }
        return new Composite(out, truth, notSpeechFace);
    }

    @Test
    void speechFaceTierRecoversExactlyTheFacePlusSpeechParts() throws Exception {
        Composite c = composite(tmp);
        Path out = c.file();
        List<Interval> truth = c.truth();
        List<Interval> notSpeechFace = c.notSpeechFace();
        SegmentationResult r = new SegmentationPipeline(VadParams.DEFAULTS, SegmentParams.DEFAULTS,
                BlazeFaceDetector.Variant.FRONT_128).run(out, p -> { });
        System.out.println("GRID composite: truth " + truth + "\n  speech " + r.speech() + "\n  tracks "
                + r.tracks().stream().map(x -> x.id() + x.visible()).toList() + "\n  segments " + r.segments());
        // every face+speech part holds at least 1.2 s of speech-face segments (GRID sentences last ~1.5-2 s)
        for (Interval part : truth) {
            long covered = r.segments().stream().mapToLong(s -> s.span().overlapMs(part)).sum();
            assertTrue(covered >= 1200, "face+speech part " + part + " covered only " + covered + " ms");
        }
        // and nothing else: at most 250 ms of spill into the other parts at their edges
        for (Interval part : notSpeechFace) {
            long spill = r.segments().stream().mapToLong(s -> s.span().overlapMs(part)).sum();
            assertTrue(spill <= 250, "part " + part + " got " + spill + " ms of speech-face segments");
        }
        assertEquals(2, r.segments().size(), r.segments().toString());
        // the face-only part still shows a face, the speech-over-black part still holds speech
        Interval faceOnly = notSpeechFace.get(1);
        Interval speechOnly = notSpeechFace.get(2);
        assertTrue(r.tracks().stream().anyMatch(tr -> tr.visible().stream().anyMatch(v -> v.overlapMs(faceOnly) > 2000)));
        assertTrue(r.speech().stream().anyMatch(s -> s.overlapMs(speechOnly) > 1000));
    }

    @Test
    void runCanAlsoSuggestForSpeechWithoutAFace() throws Exception {
        Composite c = composite(tmp);
        Path eaf = tmp.resolve("composite.eaf");
        var r = org.autotier.core.cli.CliProbe.run("run", c.file().toString(), "-o", eaf.toString(),
                "--include-speech-without-face");
        assertEquals(0, r.exitCode(), r.err());
        List<org.autotier.model.suggest.Suggestion> s = org.autotier.model.suggest.SuggestionTiers.read(
                org.autotier.model.eaf.io.EafReader.read(eaf));
        Interval speechOnly = c.notSpeechFace().get(2);
        List<org.autotier.model.suggest.Suggestion> faceless = s.stream().filter(x -> x.segment().trackId() == null)
                .toList();
        assertTrue(faceless.stream().anyMatch(x -> new Interval(x.segment().startMs(), x.segment().endMs())
                .overlapMs(speechOnly) > 1000), "the speech over black gets a suggestion: " + s);
        var side = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                org.autotier.model.suggest.SuggestionTiers.sidecar(eaf, "json").toFile());
        for (var j : side.path("suggestions")) {
            boolean withFace = !j.path("track").isMissingNode() && !j.path("track").isNull();
            assertEquals(!withFace, j.path("audioOnly").asBoolean(), "speech over black is audio only: " + j);
        }
        assertEquals(2, s.stream().filter(x -> x.segment().trackId() != null).count(), "and the two face+speech parts");
        var without = org.autotier.core.cli.CliProbe.run("run", c.file().toString(), "-o",
                tmp.resolve("default.eaf").toString());
        assertEquals(0, without.exitCode(), without.err());
        assertEquals(2, org.autotier.model.suggest.SuggestionTiers.read(org.autotier.model.eaf.io.EafReader.read(
                tmp.resolve("default.eaf"))).size(), "by default only speech with a face");
    }
}
