package org.autotier.core.media.fuzz;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaInfo;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.vad.VadParams;

/**
 * The child process of {@link MediaFuzzCampaign}: for each path on stdin, probes the file and runs
 * `segment`'s pipeline on it (decoding audio and video, VAD, face detection), then answers one
 * line on stdout: {@code OK <segments>} or {@code ERROR <message>}. A native crash ends this
 * process, and the parent counts it against the file it was working on.
 */
public final class MediaFuzzWorker {
    private MediaFuzzWorker() {
    }

    public static void main(String[] args) throws Exception {
        // the protocol owns stdout; FFmpeg's and ONNX Runtime's chatter goes to stderr
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        SegmentationPipeline pipeline = new SegmentationPipeline(VadParams.DEFAULTS, SegmentParams.DEFAULTS,
                BlazeFaceDetector.Variant.FRONT_128);
        protocol.println("READY");
        for (String line; (line = in.readLine()) != null; ) {
            Path file = Path.of(line);
            try {
                MediaInfo info = MediaDecoder.probe(file);
                int segments = pipeline.run(file, p -> { }).segments().size();
                protocol.println("OK " + segments + " segment(s), " + info.mimeType());
            } catch (Exception e) {
                String m = String.valueOf(e.getMessage()).replace('\n', ' ');
                protocol.println("ERROR " + e.getClass().getSimpleName() + ": " + m);
            }
        }
    }
}
