// A speaker heard in one mood (docs/model-card.md, "A one-sided reference, read from the BiLSTM", session
// 22): the second expert reads each utterance relative to its speaker's reference, and a one-sided
// reference (a calm child reading for ten minutes) misleads it (E28). Two remedies, each refitting only
// the pool of a trained model by NLL on its validation speakers, each of them relative to all of their
// clips and to each one-emotion reference (counted as 64 segments, as E29); network and classifier stay:
//  - E30, a share that reads the reference's balance: a = weight · n/(n + 8) · b^γ, b = exp(entropy of the
//    BiLSTM's mean calibrated opinion over the reference) / labels (ReferenceBalance.java);
//  - E31-E33, the reference's make-up corrected: from the training speakers, d[c] = class c's mean
//    relative statistics and prior[c] its share; an utterance's relative statistics become
//    z + κ · Σ_c (π_c − prior_c) d[c] for a reference of estimated mix π: the BiLSTM's mean opinion
//    (-Dprior=mean, E31), its EM estimate after Saerens, Latinne & Decaestecker 2002 (-Dprior=em, E32),
//    or the EM estimate re-read from the whole model's opinions, four rounds (-Dprior=full, E33);
//    -Dprior=oracle uses the true mix, a diagnostic run cannot have.
// Scored beside the model as written: its corpora's held-out speakers (each relative to all of their
// clips), the same speakers heard at length in one mood (E28's sets, built in memory: the one mood's
// clips eight times over as the reference), every speaker of a corpus the model was not trained on.
// -DvalidationOnly=true stops after the fit (the validation rows' figures, for design).
//
// Usage (after `mvn -q -o -pl plugin-core compile` and the classpath in plugin-core/target/cp.txt):
//   java -Dprior=full -Dshared=../shared/data -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/OneSidedReference.java [MODEL]
import java.nio.file.Path;
import java.util.*;
import org.autotier.core.eval.Calibration;
import org.autotier.core.training.*;

public class OneSidedReference {
  static final double[] GAMMAS = {0, 0.5, 1, 2, 3, 4, 6, 8};
  static final double[] KAPPAS = {0, 0.5, 1, 1.5, 2, 3};
  /** The segments a one-emotion validation reference counts as (FunctionalExpert.ONE_MOOD_UTTERANCES, E29). */
  static final int ONE_MOOD = 64;

  /** The pool's weight, γ and temperature, and κ: how far the reference's make-up is corrected (E31). */
  record Variant(String name, double weight, double gamma, double poolT, double kappa) {
    Variant(String name, double weight, double gamma, double poolT) { this(name, weight, gamma, poolT, 0); }
  }

  /**
   * Clips scored together: their BiLSTM distributions, their statistics relative to the reference,
   * the correction of that reference's make-up (E31), reference sizes and balances.
   */
  record Scored(List<FeatureTable.Clip> clips, double[][] bilstm, double[][] z, double[][] correction, int[] n,
      double[] balance, double[] shrink, int[] labels, int[] group) {}

  /**
   * What each class does to the relative statistics, from the training speakers each relative to all
   * of their clips: d[c] the class's mean (z units), prior[c] its share of the rows. A reference of
   * make-up π (the BiLSTM's mean opinion of it) sits Σ_c (π_c − prior_c) d[c] away from a balanced one.
   */
  static double[][] d;
  static double[] prior;

  public static void main(String[] a) throws Exception {
    Path shared = Path.of(System.getProperty("shared", "../shared/data"));
    Path model = Path.of(a.length > 0 ? a[0] : "models/emotion-audio");
    try (ModelStore.Loaded loaded = ModelStore.load(model)) {
      ModelCard card = loaded.card();
      LabelSet labels = LabelSet.named(card.labelSet());
      List<String> names = labels.labels();
      Set<String> val = new HashSet<>(card.provenance().validationSpeakers());
      Set<String> train = new HashSet<>(card.provenance().trainSpeakers());
      List<Sample> rav = RavdessCorpus.scan(shared.resolve("ravdess-speech-16k"), labels);
      List<Sample> emo = CorpusLayouts.emoDb(shared.resolve("emodb-16k"), labels, CorpusLabelMap.DEFAULT).samples();
      boolean trainedOnRav = train.stream().anyMatch(s -> s.startsWith("actor"));
      boolean trainedOnEmo = train.stream().anyMatch(s -> s.startsWith("emodb"));

      // the fit: validation speakers, balanced and one-mood references
      List<Sample> vs = new ArrayList<>();
      rav.stream().filter(s -> val.contains(s.speaker())).forEach(vs::add);
      emo.stream().filter(s -> val.contains(s.speaker())).forEach(vs::add);
      List<Sample> ts = new ArrayList<>();
      rav.stream().filter(s -> train.contains(s.speaker())).forEach(ts::add);
      emo.stream().filter(s -> train.contains(s.speaker())).forEach(ts::add);
      makeUp(card, ts, names.size());
      Scored v = score(loaded, card, vs, 1, false);
      Scored vm = score(loaded, card, vs, 1, true);
      Scored fit = concat(v, vm);
      FunctionalExpert e = card.functionals();
      List<Variant> variants = new ArrayList<>();
      variants.add(new Variant("as written", e.weight(), 0, e.poolTemperature()));
      // E30: per γ, the weight and then the pool's temperature, as train fits them (γ = 0 is E29's fit)
      for (double g : GAMMAS) {
        Variant w = best(fit, e, "", new double[] {g}, new double[] {0}, weights(), new double[] {1});
        Variant f = w.weight() == 0 ? w : best(fit, e, String.format(Locale.ROOT, "refit g=%.1f", g),
            new double[] {g}, new double[] {0}, new double[] {w.weight()}, temperatures());
        System.out.printf(Locale.ROOT, "fit gamma %.1f: weight %.2f pool T %.2f validation NLL %.4f (balanced %.4f, one-mood %.4f)%n",
            g, f.weight(), f.poolT(), nll(fit, e, f) / fit.labels().length, nll(v, e, f) / v.labels().length,
            nll(vm, e, f) / vm.labels().length);
        if (g == 0) variants.add(f);
      }
      variants.add(best(fit, e, "best g", GAMMAS, new double[] {0}, weights(), temperatures()));
      // E31-E33: the reference's make-up corrected, with the share as written and with the share refitted
      for (double k : KAPPAS) {
        Variant kept = new Variant("", e.weight(), 0, e.poolTemperature(), k);
        Variant refit = best(fit, e, "", new double[] {0}, new double[] {k}, weights(), temperatures());
        System.out.printf(Locale.ROOT, "fit kappa %.1f: validation accuracy as written: balanced %.3f, one-mood %.3f%n", k,
            accuracy(v, e, kept), accuracy(vm, e, kept));
        System.out.printf(Locale.ROOT, "fit kappa %.1f: as written NLL %.4f (balanced %.4f, one-mood %.4f); refit w %.2f T %.2f NLL %.4f (balanced %.4f, one-mood %.4f)%n",
            k, nll(fit, e, kept) / fit.labels().length, nll(v, e, kept) / v.labels().length, nll(vm, e, kept) / vm.labels().length,
            refit.weight(), refit.poolT(), nll(fit, e, refit) / fit.labels().length, nll(v, e, refit) / v.labels().length,
            nll(vm, e, refit) / vm.labels().length);
      }
      variants.add(best(fit, e, "share k", new double[] {0}, KAPPAS, new double[] {e.weight()}, new double[] {e.poolTemperature()}));
      variants.add(best(fit, e, "best k", new double[] {0}, KAPPAS, weights(), temperatures()));
      System.out.println("variants: " + variants);
      if (Boolean.getBoolean("validationOnly")) return;

      Map<String, List<Sample>> sets = new LinkedHashMap<>();
      Set<String> calm = Set.of("neutral", "calm"), upset = Set.of("happy", "angry", "fearful");
      if (trainedOnRav) {
        List<Sample> t = rav.stream().filter(s -> !val.contains(s.speaker()) && !train.contains(s.speaker())).toList();
        sets.put("rav-test", t);
        sets.put("neu-rav-spk8", t.stream().filter(s -> calm.contains(names.get(s.label()))).toList());
        sets.put("aro-rav-spk8", t.stream().filter(s -> upset.contains(names.get(s.label()))).toList());
      }
      if (trainedOnEmo) {
        List<Sample> t = emo.stream().filter(s -> !val.contains(s.speaker()) && !train.contains(s.speaker())).toList();
        sets.put("emo-test", t);
        sets.put("neu-emo-spk8", t.stream().filter(s -> calm.contains(names.get(s.label()))).toList());
        sets.put("aro-emo-spk8", t.stream().filter(s -> upset.contains(names.get(s.label()))).toList());
      }
      if (!trainedOnEmo) sets.put("emo-all", emo);
      if (!trainedOnRav) {
        // an EmoDB model has no calm and no surprised: RAVDESS's calm counts as neutral, surprised is left out
        CorpusLabelMap asEmo = new CorpusLabelMap(Map.of("calm", "neutral", "surprised", ""));
        sets.put("rav-all", RavdessCorpus.scan(shared.resolve("ravdess-speech-16k"), labels, asEmo));
      }
      for (var s : sets.entrySet()) {
        Scored sc = score(loaded, card, s.getValue(), s.getKey().endsWith("8") ? 8 : 1, false);
        double mb = Arrays.stream(sc.balance()).average().orElse(0);
        for (Variant var : variants) {
          Evaluation.Report r = Evaluation.score(Experiment.logOf(combine(sc, e, var)), sc.clips(), names, 1, sc.shrink());
          System.out.printf(Locale.ROOT, "%-13s %-12s w %.2f g %.1f T %.2f  n=%4d  mean b %.2f  WA %.3f UA %.3f ECE %.3f conf %.3f wrong>=.9 %.1f%%%n",
              s.getKey(), var.name(), var.weight(), var.gamma(), var.poolT(), sc.labels().length, mb,
              r.metrics().weightedAccuracy(), r.metrics().unweightedAccuracy(), r.ece(), r.meanConfidence(),
              100 * r.wrongConfident());
        }
      }
    }
  }

  /** The pool's grids: weights 0-1 by 0.05, temperatures 0.4-1.6 by 0.04. */
  static double[] weights() { return java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(s -> s / 20.0).toArray(); }

  static double[] temperatures() { return java.util.stream.IntStream.rangeClosed(0, 30).mapToDouble(s -> 0.4 + 0.04 * s).toArray(); }

  /** The variant of least validation NLL over the grids (the first of equals, in grid order). */
  static Variant best(Scored fit, FunctionalExpert e, String name, double[] gammas, double[] kappas, double[] weights,
      double[] temperatures) {
    double least = Double.POSITIVE_INFINITY;
    Variant pick = null;
    for (double g : gammas) for (double k : kappas) for (double w : weights) for (double t : temperatures) {
      Variant c = new Variant(name.isEmpty() ? "" : String.format(Locale.ROOT, "%s%s", name,
          name.endsWith(" g") ? String.format(Locale.ROOT, "=%.1f", g) : name.endsWith(" k") ? String.format(Locale.ROOT, "=%.1f", k) : ""),
          w, g, t, k);
      double nll = nll(fit, e, c);
      if (nll < least - 1e-9) { least = nll; pick = c; }
    }
    return pick;
  }

  static Scored concat(Scored x, Scored y) {
    List<FeatureTable.Clip> c = new ArrayList<>(x.clips()); c.addAll(y.clips());
    return new Scored(c, cat(x.bilstm(), y.bilstm()), cat(x.z(), y.z()), cat(x.correction(), y.correction()),
        java.util.stream.IntStream.concat(Arrays.stream(x.n()), Arrays.stream(y.n())).toArray(),
        java.util.stream.DoubleStream.concat(Arrays.stream(x.balance()), Arrays.stream(y.balance())).toArray(),
        java.util.stream.DoubleStream.concat(Arrays.stream(x.shrink()), Arrays.stream(y.shrink())).toArray(),
        java.util.stream.IntStream.concat(Arrays.stream(x.labels()), Arrays.stream(y.labels())).toArray(),
        java.util.stream.IntStream.concat(Arrays.stream(x.group()), Arrays.stream(y.group()).map(g -> g + 1_000_000)).toArray());
  }

  static void makeUp(ModelCard card, List<Sample> train, int classes) throws Exception {
    FunctionalExpert ex = card.functionals();
    var extracted = FeatureTable.extract(train, card.features(), Runtime.getRuntime().availableProcessors(), true);
    List<double[]> z = ex.relative(extracted.functionals(), train.stream().map(Sample::speaker).toList());
    d = new double[classes][z.get(0).length];
    prior = new double[classes];
    int[] count = new int[classes];
    for (int i = 0; i < z.size(); i++) {
      int c = train.get(i).label();
      count[c]++;
      for (int j = 0; j < z.get(i).length; j++) d[c][j] += z.get(i)[j];
    }
    for (int c = 0; c < classes; c++) {
      prior[c] = (double) count[c] / z.size();
      for (int j = 0; j < d[c].length; j++) d[c][j] /= Math.max(1, count[c]);
    }
  }

  static double[][] cat(double[][] x, double[][] y) {
    double[][] o = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, o, x.length, y.length);
    return o;
  }

  /**
   * The samples' BiLSTM distributions and the expert's logits, each speaker relative to all of their
   * clips repeated {@code times} over, or with {@code byEmotion} to their clips of the same emotion
   * (counted as {@link #ONE_MOOD} segments); the balance of the same reference.
   */
  static Scored score(ModelStore.Loaded loaded, ModelCard card, List<Sample> samples, int times, boolean byEmotion)
      throws Exception {
    FunctionalExpert ex = card.functionals();
    var extracted = FeatureTable.extract(samples, card.features(), Runtime.getRuntime().availableProcessors(), true);
    var domain = card.domain();
    double[] shrink = extracted.clips().stream().mapToDouble(c -> domain == null ? 0
        : domain.shrink(domain.distance(c.frames(), card.features().mfcc(), card.features().melBands()))).toArray();
    List<FeatureTable.Clip> clips = FeatureNormalization.of(card.provenance().config()).apply(extracted.clips(), card.speakerPrior());
    FusionTrainer scorer = new FusionTrainer(card.provenance().config(), card.labels().size(),
        new Normalizer(card.normalizationMean(), card.normalizationStd()));
    double[][] logits = scorer.logits(loaded.model(), loaded.block(), clips, Evaluation.outputIndex(card.head()));
    double[][] p = Experiment.probabilities(logits, card.temperature());
    int m = samples.size();
    double[][] zs = new double[m][];
    double[][] corr = new double[m][];
    int[] n = new int[m];
    double[] balance = new double[m];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      String key = samples.get(i).speaker() + (byEmotion ? "/" + samples.get(i).label() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> idx : groups.values()) {
      List<double[]> stats = idx.stream().map(i -> extracted.functionals().get(i)).toList();
      List<double[]> ref = new ArrayList<>();
      for (int t = 0; t < times; t++) ref.addAll(stats);
      List<double[]> z = ex.relativeTo(stats, ref);
      double b = balance(idx.stream().map(i -> p[i]).toList());
      double[] pi = "oracle".equals(System.getProperty("prior")) ? truth(idx.stream().map(i -> samples.get(i).label()).toList(), p[0].length)
          : mix(idx.stream().map(i -> p[i]).toList());
      double[] shift = new double[z.get(0).length];
      for (int c = 0; c < pi.length; c++) for (int j = 0; j < shift.length; j++) shift[j] += (pi[c] - prior[c]) * d[c][j];
      for (int k = 0; k < idx.size(); k++) {
        int i = idx.get(k);
        zs[i] = z.get(k);
        corr[i] = shift;
        n[i] = byEmotion ? ONE_MOOD : ref.size();
        balance[i] = b;
      }
    }
    int[] group = new int[m];
    int gi = 0;
    for (List<Integer> idx : groups.values()) { for (int i : idx) group[i] = gi; gi++; }
    return new Scored(clips, p, zs, corr, n, balance, shrink, samples.stream().mapToInt(Sample::label).toArray(), group);
  }

  /**
   * The reference's class mix: the mean opinion, or with -Dprior=em the EM estimate of Saerens et al.
   * (2002): each opinion reweighted by π/prior, averaged, repeated.
   */
  static double[] mix(List<double[]> ps) {
    int k = ps.get(0).length;
    double[] pi = new double[k];
    for (double[] q : ps) for (int c = 0; c < k; c++) pi[c] += q[c] / ps.size();
    if (!"em".equals(System.getProperty("prior")) && !"full".equals(System.getProperty("prior"))) return pi;
    pi = prior.clone();
    for (int it = 0; it < 50; it++) {
      double[] next = new double[k];
      for (double[] q : ps) {
        double[] r = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) { r[c] = prior[c] > 0 ? q[c] * pi[c] / prior[c] : 0; sum += r[c]; }
        for (int c = 0; c < k; c++) next[c] += r[c] / sum / ps.size();
      }
      pi = next;
    }
    return pi;
  }

  /** The reference's true class mix (a diagnostic: run cannot know it). */
  static double[] truth(List<Integer> labels, int k) {
    double[] pi = new double[k];
    labels.forEach(l -> pi[l] += 1.0 / labels.size());
    return pi;
  }

  static double accuracy(Scored s, FunctionalExpert e, Variant v) {
    double[][] p = combine(s, e, v);
    int hit = 0;
    for (int i = 0; i < p.length; i++) {
      int top = 0;
      for (int c = 1; c < p[i].length; c++) top = p[i][c] > p[i][top] ? c : top;
      hit += top == s.labels()[i] ? 1 : 0;
    }
    return (double) hit / p.length;
  }

  /** exp(entropy of the mean distribution) / labels: 1 when the reference's mean opinion is uniform. */
  static double balance(List<double[]> ps) {
    double[] mean = new double[ps.get(0).length];
    for (double[] q : ps) for (int c = 0; c < mean.length; c++) mean[c] += q[c] / ps.size();
    double h = 0;
    for (double q : mean) if (q > 0) h -= q * Math.log(q);
    return Math.exp(h) / mean.length;
  }

  static double[][] combine(Scored s, FunctionalExpert e, Variant v) {
    if (!"full".equals(System.getProperty("prior")) || v.kappa() == 0) return combineOnce(s, e, v, s.correction());
    // the reference's mix re-estimated from the whole model's opinions, a few rounds
    double[][] corr = s.correction();
    double[][] out = null;
    for (int round = 0; round < 4; round++) {
      out = combineOnce(s, e, v, corr);
      Map<Integer, List<double[]>> by = new HashMap<>();
      for (int i = 0; i < out.length; i++) by.computeIfAbsent(s.group()[i], g -> new ArrayList<>()).add(out[i]);
      Map<Integer, double[]> shift = new HashMap<>();
      by.forEach((g, ps) -> {
        double[] pi = mix(ps);
        double[] sh = new double[d[0].length];
        for (int c = 0; c < pi.length; c++) for (int j = 0; j < sh.length; j++) sh[j] += (pi[c] - prior[c]) * d[c][j];
        shift.put(g, sh);
      });
      corr = new double[out.length][];
      for (int i = 0; i < out.length; i++) corr[i] = shift.get(s.group()[i]);
    }
    return combineOnce(s, e, v, corr);
  }

  static double[][] combineOnce(Scored s, FunctionalExpert e, Variant v, double[][] correction) {
    double[][] out = new double[s.labels().length][];
    for (int i = 0; i < out.length; i++) {
      double a = v.weight() * s.n()[i] / (s.n()[i] + e.prior()) * Math.pow(s.balance()[i], v.gamma());
      double[] x = s.z()[i].clone();
      for (int j = 0; j < x.length; j++) x[j] += v.kappa() * correction[i][j];
      double[] q = Calibration.softmax(e.classifier().logits(x), e.temperature());
      double[] o = new double[q.length];
      for (int c = 0; c < o.length; c++) o[c] = (1 - a) * s.bilstm()[i][c] + a * q[c];
      if (v.poolT() > 0 && v.poolT() != 1 && v.weight() > 0) {
        double t = 1 + (v.poolT() - 1) * a / v.weight();
        o = Calibration.softmax(Arrays.stream(o).map(u -> Math.log(Math.max(1e-12, u))).toArray(), t);
      }
      out[i] = o;
    }
    return out;
  }

  static double nll(Scored s, FunctionalExpert e, Variant v) {
    double[][] p = combine(s, e, v);
    double nll = 0;
    for (int i = 0; i < p.length; i++) nll -= Math.log(Math.max(1e-12, p[i][s.labels()[i]]));
    return nll;
  }
}
