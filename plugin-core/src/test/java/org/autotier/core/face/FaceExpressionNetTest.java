package org.autotier.core.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaSink;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.testing.MediaFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX Runtime port of face-api's expression net against the original library run under Node
 * (tools/faceapi-reference): the committed fixture on synthetic faces always, and real GRID faces
 * live whenever ../shared and Node are there.
 */
class FaceExpressionNetTest {
    private static final double TOLERANCE = 1e-4;
    private static FaceExpressionNet net;

    @BeforeAll
    static void load() throws IOException {
        net = FaceExpressionNet.load();
    }

    @AfterAll
    static void close() {
        net.close();
    }

    /** The same integer formula as reference.cjs's synthetic(k). */
    static byte[] synthetic(int k) {
        int s = FaceExpressionNet.INPUT;
        byte[] img = new byte[s * s * 3];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int r = (x * 2 + y * (k + 1)) % 256;
                int g = (y * 2 + 30 * k) % 256;
                int b = (x + y) % 256;
                int dx = x - 56;
                int dy = y - 58;
                if (dx * dx * 2500 + dy * dy * 1600 < 1600 * 2500) {
                    r = 205 - 12 * k;
                    g = 160 + 5 * k;
                    b = 130;
                }
                int ex1 = x - 40;
                int ex2 = x - 72;
                int ey = y - 45;
                if (ex1 * ex1 + ey * ey < 30 || ex2 * ex2 + ey * ey < 30) {
                    r = 30;
                    g = 20;
                    b = 20;
                }
                if (y >= 78 && y < 81 + 4 * k && x >= 42 && x < 71) {
                    r = 120;
                    g = 30;
                    b = 40;
                }
                int i = (y * s + x) * 3;
                img[i] = (byte) r;
                img[i + 1] = (byte) g;
                img[i + 2] = (byte) b;
            }
        }
        return img;
    }

    @Test
    void matchesFaceApiUnderNodeOnSyntheticFaces() throws IOException {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/faceapi/reference-synthetic.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        int n = ref.get("results").size();
        assertEquals(4, n);
        byte[] batch = new byte[n * FaceExpressionNet.INPUT * FaceExpressionNet.INPUT * 3];
        for (int k = 0; k < n; k++) {
            byte[] one = synthetic(k);
            System.arraycopy(one, 0, batch, k * one.length, one.length);
        }
        List<FaceExpressionNet.Output> out = net.predict(batch, n);
        double worst = compare(ref.get("results"), out);
        System.out.printf("face-api port vs Node reference, synthetic faces: max |diff| %.2e%n", worst);
    }

    @Test
    void matchesFaceApiUnderNodeOnRealGridFaces(@TempDir Path tmp) throws Exception {
        Path grid = MediaFixtures.sharedData().map(d -> d.resolve("av-clips/grid")).filter(Files::isDirectory)
                .orElse(null);
        assumeTrue(grid != null, "../shared/data not present");
        Path tool = Path.of(System.getProperty("autotier.repo.root", ".."), "tools", "faceapi-reference", "reference.sh")
                .toAbsolutePath().normalize();
        assumeTrue(nodeAvailable(), "node not installed");
        List<Path> clips;
        try (var s = Files.list(grid)) {
            clips = s.filter(p -> p.toString().endsWith(".mpg")).sorted().limit(3).toList();
        }
        int s = FaceExpressionNet.INPUT;
        List<byte[]> crops = new ArrayList<>();
        try (BlazeFaceDetector det = new BlazeFaceDetector(BlazeFaceDetector.Variant.FRONT_128, 0.6)) {
            for (Path clip : clips) {
                List<VideoFrame> frames = new ArrayList<>();
                new MediaDecoder(2, 320).decode(clip, new MediaSink() {
                    @Override
                    public void audio(short[] samples, int length, long startSample) {
                    }

                    @Override
                    public void video(VideoFrame f) {
                        if (frames.size() < 2) {
                            frames.add(new VideoFrame(f.timeMs(), f.width(), f.height(), f.rgb().clone()));
                        }
                    }
                });
                for (VideoFrame f : frames) {
                    for (FaceBox b : det.detect(f)) {
                        byte[] c = new byte[s * s * 3];
                        FaceCrops.crop(f, b, c, 0);
                        crops.add(c);
                    }
                }
            }
        }
        assertTrue(crops.size() >= 4, "faces found in GRID frames: " + crops.size());
        Path input = tmp.resolve("crops.u8");
        byte[] all = new byte[crops.size() * s * s * 3];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, all, i * s * s * 3, s * s * 3);
        }
        Files.write(input, all);
        Path out = tmp.resolve("reference.json");
        Process p = new ProcessBuilder(tool.toString(), input.toString(), String.valueOf(crops.size()), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "reference.sh timed out");
        assumeTrue(p.exitValue() == 0 || !log.contains("npm"), "the pinned tfjs could not be installed: " + log);
        assertEquals(0, p.exitValue(), log);
        JsonNode ref = new ObjectMapper().readTree(out.toFile()).get("results");
        double worst = compare(ref, net.predict(all, crops.size()));
        System.out.printf("face-api port vs Node reference, %d real GRID faces: max |diff| %.2e%n", crops.size(), worst);
    }

    private static boolean nodeAvailable() {
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Asserts every probability and embedding value within 1e-4; returns the largest difference. */
    private static double compare(JsonNode ref, List<FaceExpressionNet.Output> out) {
        assertEquals(ref.size(), out.size());
        double worst = 0;
        for (int k = 0; k < ref.size(); k++) {
            JsonNode r = ref.get(k);
            float[] p = out.get(k).probabilities();
            for (int c = 0; c < FaceExpressionNet.LABELS.size(); c++) {
                double expected = r.get("expressions").get(FaceExpressionNet.LABELS.get(c)).asDouble();
                worst = Math.max(worst, Math.abs(expected - p[c]));
                assertEquals(expected, p[c], TOLERANCE, "image " + k + " " + FaceExpressionNet.LABELS.get(c));
            }
            JsonNode e = r.get("embedding");
            assertEquals(FaceExpressionNet.EMBEDDING, e.size());
            for (int i = 0; i < e.size(); i++) {
                worst = Math.max(worst, Math.abs(e.get(i).asDouble() - out.get(k).embedding()[i]));
                assertEquals(e.get(i).asDouble(), out.get(k).embedding()[i], TOLERANCE, "image " + k + " embedding " + i);
            }
        }
        return worst;
    }
}
