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

/**
 * The visual side of a labelled audio-visual corpus: each media file with video is decoded once
 * at 10 fps; in every frame the largest face (the one nearest the camera, in a lab recording the
 * child being annotated) goes through the face-expression net, and each sample gets the 256-d
 * embeddings of the frames inside its span. Audio-only media give no visual frames.
 */
public final class FaceFeatures {
    private static final double FPS = 10;

    private FaceFeatures() {
    }

    /** The clips with their visual frames added, in the same order. */
    public static List<FeatureTable.Clip> add(List<Sample> samples, List<FeatureTable.Clip> clips) throws IOException {
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
        if (withVideo.isEmpty()) {
            return clips; // an audio-only corpus: no face models to load
        }
        List<FeatureTable.Clip> out = new ArrayList<>(clips);
        try (BlazeFaceDetector detector = new BlazeFaceDetector(BlazeFaceDetector.Variant.FRONT_128, 0.6);
                FaceExpressionNet net = FaceExpressionNet.load()) {
            for (Path media : withVideo) {
                TreeMap<Long, float[]> embeddings = embeddings(media, detector, net);
                for (int i : byMedia.get(media)) {
                    Sample s = samples.get(i);
                    long end = s.endMs() < 0 ? Long.MAX_VALUE : s.endMs();
                    float[][] visual = embeddings.subMap(s.startMs(), end).values().toArray(float[][]::new);
                    FeatureTable.Clip c = clips.get(i);
                    out.set(i, new FeatureTable.Clip(c.frames(), c.label(), c.speaker(), visual));
                }
            }
        }
        return out;
    }

    private static TreeMap<Long, float[]> embeddings(Path media, BlazeFaceDetector detector, FaceExpressionNet net)
            throws IOException {
        TreeMap<Long, float[]> out = new TreeMap<>();
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
                    faces.stream().max(Comparator.comparingDouble(FaceBox::area)).ifPresent(f -> {
                        byte[] crop = new byte[s];
                        FaceCrops.crop(frame, f, crop, 0);
                        out.put(frame.timeMs(), net.predict(crop, 1).get(0).embedding());
                    });
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
