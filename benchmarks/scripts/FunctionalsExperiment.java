// The second audio expert's classifier alone, on utterance statistics, fold 0 of RAVDESS and EmoDB
// (docs/model-card.md, E6): trained on one corpus's fold-0 training speakers, the L2 penalty chosen
// on its validation speakers, tested on its test speakers and on every clip of the other corpus.
// Usage (from the project root, after `mvn -o -q -pl plugin-core compile` and
// `mvn -q -pl plugin-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt`):
//   java -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/FunctionalsExperiment.java [all|spectral|pitch] [speaker|none]
// "speaker": each speaker's statistics z-scored by that speaker's (all their clips), as the expert
// does with a speaker heard many times; "none": the population's only, as for a clip heard alone.
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
    int p = UtteranceFunctionals.dimension(f.mfcc(), f.melBands()) - UtteranceFunctionals.PITCH_DIMENSION;
    List<double[]> x = all.stream().map(v -> switch (which) {
      case "spectral" -> Arrays.copyOfRange(v, 0, p);
      case "pitch" -> Arrays.copyOfRange(v, p, v.length);
      default -> v; }).toList();
    if (!perSpeaker) return x;
    // all of a speaker's clips are the reference (prior 0: the speaker's own statistics alone)
    FunctionalExpert e = new FunctionalExpert(new double[x.get(0).length], new double[x.get(0).length], 0, null, 1, 1);
    return e.relative(x, samples.stream().map(Sample::speaker).toList());
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
