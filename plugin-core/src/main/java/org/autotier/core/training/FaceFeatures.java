package org.autotier.core.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceBox;
import org.autotier.core.face.FaceCrops;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaSink;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.suggest.ReliabilityFusion;

/**
 * The visual side of a labelled audio-visual corpus: each media file with video is decoded once
 * at 10 fps; in every frame the largest face (the one nearest the camera, in a lab recording the
 * child being annotated) goes through the face-expression net. Each sample gets the 256-d
 * embeddings of the frames inside its span (what a fused head trains on) and the face net's
 * opinion of the span (what late fusion weighs, {@link #opinions}). Audio-only media give neither.
 */
public final class FaceFeatures {
    private static final double FPS = 10;

    private FaceFeatures() {
    }

    /**
     * The face net on one sample's span, as {@code run} sees a segment.
     *
     * @param usable the FER distributions of the frames with a face the net can read
     *     ({@link ReliabilityFusion#usable}), what {@link ReliabilityFusion#faceOpinion} averages
     * @param analysedFrames frames decoded in the span
     */
    public record Opinion(List<float[]> usable, int analysedFrames) {
        /** The face reliability {@code run} would give the segment. */
        public double reliability() {
            return ReliabilityFusion.faceReliability(usable.size(), analysedFrames);
        }
    }

    /** The largest face of one decoded frame; null fields when the frame had none. */
    private record Frame(float[] embedding, float[] probabilities, boolean usable) {
        static final Frame NO_FACE = new Frame(null, null, false);
    }

    /**
     * What the face net makes of each sample: the clips with their visual frames added (same
     * order), and each sample's opinion (null for audio-only media).
     */
    public record Faces(List<FeatureTable.Clip> clips, List<Opinion> opinions) {
        /** Samples with a face in view. */
        public long withFace() {
            return clips.stream().filter(FeatureTable.Clip::hasVisual).count();
        }
    }

    /** The clips with their visual frames added, in the same order. */
    public static List<FeatureTable.Clip> add(List<Sample> samples, List<FeatureTable.Clip> clips) throws IOException {
        return read(samples, clips).clips();
    }

    /** The face embeddings and opinions of every sample; without video, the clips unchanged and no opinions. */
    public static Faces read(List<Sample> samples, List<FeatureTable.Clip> clips) throws IOException {
        Map<Path, List<Integer>> byMedia = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            byMedia.computeIfAbsent(samples.get(i).media(), k -> new ArrayList<>()).add(i);
        }
        List<Path> withVideo = new ArrayList<>();
        for (Path media : byMedia.keySet()) {
            if (MediaDecoder.probe(media).hasVideo()) {
                withVideo.add(media);
            }
        }
        List<Opinion> opinions = new ArrayList<>(java.util.Collections.nCopies(samples.size(), (Opinion) null));
        if (withVideo.isEmpty()) {
            return new Faces(clips, opinions); // an audio-only corpus: no face models to load
        }
        List<FeatureTable.Clip> out = new ArrayList<>(clips);
        try (BlazeFaceDetector detector = new BlazeFaceDetector(BlazeFaceDetector.Variant.FRONT_128, 0.6);
                FaceExpressionNet net = FaceExpressionNet.load()) {
            for (Path media : withVideo) {
                TreeMap<Long, Frame> frames = frames(media, detector, net);
                for (int i : byMedia.get(media)) {
                    Sample s = samples.get(i);
                    long end = s.endMs() < 0 ? Long.MAX_VALUE : s.endMs();
                    java.util.Collection<Frame> span = frames.subMap(s.startMs(), end).values();
                    float[][] visual = span.stream().filter(f -> f.embedding() != null).map(Frame::embedding)
                            .toArray(float[][]::new);
                    FeatureTable.Clip c = clips.get(i);
                    out.set(i, new FeatureTable.Clip(c.frames(), c.label(), c.speaker(), visual));
                    opinions.set(i, opinion(span));
                }
            }
        }
        return new Faces(out, opinions);
    }

    private static Opinion opinion(java.util.Collection<Frame> span) {
        return new Opinion(span.stream().filter(Frame::usable).map(Frame::probabilities).toList(), span.size());
    }

    private static TreeMap<Long, Frame> frames(Path media, BlazeFaceDetector detector, FaceExpressionNet net)
            throws IOException {
        TreeMap<Long, Frame> out = new TreeMap<>();
        IOException[] failure = new IOException[1];
        int s = FaceExpressionNet.INPUT * FaceExpressionNet.INPUT * 3;
        new MediaDecoder(FPS, 320).decode(media, new MediaSink() {
            @Override
            public void audio(short[] samples, int length, long startSample) {
                // the audio features come from FeatureTable
            }

            @Override
            public void video(VideoFrame frame) {
                if (failure[0] != null) {
                    return;
                }
                try {
                    List<FaceBox> faces = detector.detect(frame);
                    Frame seen = faces.stream().max(Comparator.comparingDouble(FaceBox::area)).map(f -> {
                        byte[] crop = new byte[s];
                        FaceCrops.crop(frame, f, crop, 0);
                        FaceExpressionNet.Output o = net.predict(crop, 1).get(0);
                        return new Frame(o.embedding(), o.probabilities(), ReliabilityFusion.usable(f.score(), f.h()));
                    }).orElse(Frame.NO_FACE);
                    out.put(frame.timeMs(), seen);
                } catch (IOException ex) {
                    failure[0] = ex;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return out;
    }
}
