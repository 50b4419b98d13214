// Emotion-model inference speed: 3-second segments (300 frames x 103 features), batched as
// `autotier run` batches them, on the device given (cpu / gpu / auto) at each batch size given;
// and the face-expression net on 112x112 crops. Run: see docs/benchmarks.md ("Inference").
// Usage: InferenceBench.java [device] [segments] [batch sizes, comma-separated; default 64,512,4096]
import org.autotier.core.suggest.EmotionPredictor; import org.autotier.core.face.FaceExpressionNet;
import java.nio.file.*; import java.util.*;
public class InferenceBench { public static void main(String[] a) throws Exception {
  String device = a.length > 0 ? a[0] : "cpu"; int n = a.length > 1 ? Integer.parseInt(a[1]) : 2048;
  int[] batches = Arrays.stream((a.length > 2 ? a[2] : "64,512,4096").split(",")).mapToInt(Integer::parseInt).toArray();
  Random r = new Random(1); List<float[][]> segs = new ArrayList<>();
  for (int i = 0; i < n; i++) { float[][] x = new float[300][103]; for (float[] f : x) for (int k = 0; k < 103; k++) f[k] = (float) r.nextGaussian(); segs.add(x); }
  for (int batch : batches) {
    try (EmotionPredictor p = EmotionPredictor.open(Path.of("models/emotion-audio"), device, batch)) {
      if (batch == batches[0]) System.out.println(p.describe());
      p.predict(segs.subList(0, Math.min(n, Math.max(256, batch))), null); // warm-up
      for (int rep = 0; rep < 3; rep++) { long t0 = System.nanoTime(); p.predict(segs, null); double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s batch %d: %d segments of 3 s in %.2f s = %.0f segments/s%n", p.device(), batch, n, s, n / s); }
    }
  }
  try (FaceExpressionNet net = FaceExpressionNet.load()) {
    byte[] crops = new byte[32 * 112 * 112 * 3]; r.nextBytes(crops);
    for (int i = 0; i < 5; i++) net.predict(crops, 32);
    long t0 = System.nanoTime(); int reps = 20; for (int i = 0; i < reps; i++) net.predict(crops, 32);
    double s = (System.nanoTime() - t0) / 1e9; System.out.printf(Locale.ROOT, "face-expression net: %.0f crops/s (batch 32)%n", reps * 32 / s);
    t0 = System.nanoTime(); for (int i = 0; i < 200; i++) net.predict(crops, 1);
    System.out.printf(Locale.ROOT, "face-expression net: %.2f ms per single crop%n", (System.nanoTime() - t0) / 1e6 / 200);
  }
}}
