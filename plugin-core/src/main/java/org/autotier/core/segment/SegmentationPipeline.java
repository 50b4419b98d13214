package org.autotier.core.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.DoubleConsumer;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceBox;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.face.FaceTracker;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaInfo;
import org.autotier.core.media.MediaSink;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.SileroVad;
import org.autotier.core.vad.SpeechRegions;
import org.autotier.core.vad.VadParams;

/**
 * media → (speech regions, face tracks) → speech-with-face segments, in one streaming pass.
 *
 * <p>The decoder thread decodes and runs the VAD; sampled video frames go through a small
 * bounded queue to a second thread that runs the face detector and tracker, so on two cores
 * decoding and detection overlap and memory stays flat.
 */
public final class SegmentationPipeline {
    private final VadParams vadParams;
    private final SegmentParams params;
    private final BlazeFaceDetector.Variant faceModel;

    public SegmentationPipeline(VadParams vadParams, SegmentParams params, BlazeFaceDetector.Variant faceModel) {
        this.vadParams = vadParams;
        this.params = params;
        this.faceModel = faceModel;
    }

    /**
     * Sees what the pipeline sees, for the stages after segmentation, so the recording is decoded
     * once: the 16 kHz audio (decoder thread) and each analysed frame with its detections
     * (detector thread). Frames are only valid during the call.
     */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        default void audio(short[] samples, int length, long startSample) {
        }

        /**
         * @param inSegmentReach false when the speech heard so far already rules out any segment
         *     at this frame's time ({@link #segmentReachMs}): nothing learnt from its faces can
         *     be used. True when it may be inside one, or when the audio has not got that far.
         */
        default void faces(VideoFrame frame, List<FaceBox> faces, boolean inSegmentReach) throws IOException {
        }
    }

    /**
     * How far from the speech (as the VAD first finds it) a segment can reach: the VAD's padding,
     * a gap bridged between two pieces of one face's speech, the segment's own padding, and one
     * VAD window and one analysed frame for rounding.
     */
    long segmentReachMs() {
        return vadParams.padMs() + params.mergeGapMs() + params.padMs() + SileroVad.WINDOW_MS_NUM
                + Math.round(1000 / params.analysisFps());
    }

    private static final VideoFrame END = new VideoFrame(-1, 0, 0, new byte[0]);

    public SegmentationResult run(Path media, DoubleConsumer progress) throws IOException {
        return run(media, progress, Observer.NONE);
    }

    public SegmentationResult run(Path media, DoubleConsumer progress, Observer observer) throws IOException {
        long t0 = System.nanoTime();
        long stepMs = Math.round(1000 / params.analysisFps());
        SpeechRegions regions = new SpeechRegions(vadParams, SileroVad.WINDOW_MS_NUM);
        FaceTracker tracker = new FaceTracker(stepMs, params.faceMaxGapMs(), Math.max(stepMs, params.minDurationMs()));
        BlockingQueue<VideoFrame> frames = new ArrayBlockingQueue<>(8);
        IOException[] detectorError = new IOException[1];
        long reachMs = segmentReachMs();
        try (SileroVad vad = new SileroVad(regions);
                BlazeFaceDetector detector = new BlazeFaceDetector(faceModel, params.faceMinScore())) {
            Thread detect = new Thread(() -> {
                try {
                    for (VideoFrame f = frames.take(); f != END; f = frames.take()) {
                        if (detectorError[0] == null) {
                            List<FaceBox> faces = detector.detect(f);
                            tracker.add(f, faces);
                            observer.faces(f, faces, regions.speechMayReach(f.timeMs(), reachMs));
                        }
                    }
                } catch (IOException e) {
                    detectorError[0] = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "autotier-face-detector");
            detect.setDaemon(true);
            detect.start();
            MediaInfo info;
            try {
                info = new MediaDecoder(params.analysisFps(), 320).decode(media, new MediaSink() {
                    @Override
                    public void audio(short[] samples, int length, long startSample) {
                        observer.audio(samples, length, startSample);
                        try {
                            vad.accept(samples, length);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void video(VideoFrame frame) {
                        if (detectorError[0] != null) {
                            return;
                        }
                        try {
                            // the frame's buffer is reused by the decoder: hand over a copy
                            frames.put(new VideoFrame(frame.timeMs(), frame.width(), frame.height(),
                                    frame.rgb().clone()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted", e);
                        }
                    }

                    @Override
                    public void progress(double fraction) {
                        progress.accept(fraction);
                    }
                });
                vad.finish();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                try {
                    frames.put(END);
                    detect.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (detectorError[0] != null) {
                throw detectorError[0];
            }
            List<Interval> speech = regions.regions(info.durationMs());
            List<FaceTrack> tracks = info.hasVideo() ? tracker.finish() : List.of();
            List<SpeechFaceSegment> segments = info.hasVideo()
                    ? new SpeechFaceSegmenter(params).segment(speech, tracks, info.durationMs()) : List.of();
            return new SegmentationResult(info, speech, tracks, segments, params,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
