// A speaker heard in one mood (docs/model-card.md, "A one-sided reference, read from the BiLSTM", session
// 22): the second expert reads each utterance relative to its speaker's reference, and a one-sided
// reference (a calm child reading for ten minutes) misleads it (E28). Each study refits only the pool of
// a trained model (the network stays; the classifier too, except E35) on its validation speakers, each
// of them relative to all of their clips and to each one-emotion reference (counted as 64 segments, as
// E29), and scores it beside the model as written and beside the pool as train fits it ("E17 fit"):
//  -Dstudy=reference (default): E30, a share that reads the reference, a = weight · n/(n + 8) · b^γ, b the
//    balance of the BiLSTM's mean calibrated opinion over the reference (ReferenceBalance.java), or with
//    -Dsignal=spread (E36) min(1, the reference's deviation over a training speaker's, averaged over the
//    expert's statistics); and E31-E33, the reference's make-up corrected: from the training speakers,
//    d[c] = class c's mean relative statistics and prior[c] its share; an utterance's relative statistics
//    become z + κ · Σ_c (π_c − prior_c) d[c] for a reference of estimated mix π: the BiLSTM's mean opinion
//    (-Dprior=mean, E31), its EM estimate after Saerens, Latinne & Decaestecker 2002 (-Dprior=em, E32), or
//    that estimate re-read from the whole model's opinions, four rounds (-Dprior=full, E33); -Dprior=oracle
//    uses the true mix, a diagnostic run cannot have; -Dgroups=arousal pools the classes into groups for
//    the correction (E37, with -Dprior=em);
//  -Dstudy=agreement: E34, the pool's temperature split by whether the two experts name the same label;
//  -Dstudy=anchor: E35, the reference anchored on the speaker's calm speech (the classifier refitted).
// Scored: the model's corpora's held-out speakers (each relative to all of their clips), the same
// speakers heard at length in one mood (E28's sets, built in memory: the one mood's clips eight times
// over as the reference), every speaker of a corpus the model was not trained on. -DvalidationOnly=true
// stops after the fit (the validation rows' figures, for design).
//
// Usage (after `mvn -q -o -pl plugin-core compile` and the classpath in plugin-core/target/cp.txt):
//   java -Dprior=full -Dshared=../shared/data -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/OneSidedReference.java [MODEL]
import java.nio.file.Path;
import java.util.*;
import org.autotier.core.eval.Calibration;
import org.autotier.core.eval.ClassificationMetrics;
import org.autotier.core.suggest.FlagRules;
import org.autotier.core.training.*;

public class OneSidedReference {
  static final double[] GAMMAS = {0, 0.5, 1, 2, 3, 4, 6, 8};
  static final double[] KAPPAS = {0, 0.5, 1, 1.5, 2, 3};
  /** The segments a one-emotion validation reference counts as (FunctionalExpert.ONE_MOOD_UTTERANCES, E29). */
  static final int ONE_MOOD = 64;

  /** The pool's weight, γ and temperature, and κ: how far the reference's make-up is corrected (E31). */
  record Variant(String name, double weight, double gamma, double poolT, double kappa, double poolTDisagree) {
    Variant(String name, double weight, double gamma, double poolT, double kappa) { this(name, weight, gamma, poolT, kappa, poolT); }
    Variant(String name, double weight, double gamma, double poolT) { this(name, weight, gamma, poolT, 0); }
  }

  /**
   * Clips scored together: their BiLSTM distributions, their statistics relative to the reference,
   * the correction of that reference's make-up (E31), reference sizes, and the signal a share may read
   * (E30: the BiLSTM's balance; E36: the spread).
   */
  record Scored(List<FeatureTable.Clip> clips, double[][] bilstm, double[][] z, double[][] correction, int[] n,
      double[] signal, double[] shrink, int[] labels, int[] group, double[][] raw, int[] times) {
    /** The same clips with their statistics relative to another reference (E35). */
    Scored withZ(double[][] other) {
      return new Scored(clips, bilstm, other, correction, n, signal, shrink, labels, group, raw, times);
    }
  }

  /**
   * What each class does to the relative statistics, from the training speakers each relative to all
   * of their clips: d[c] the class's mean (z units), prior[c] its share of the rows. A reference of
   * make-up π (the BiLSTM's mean opinion of it) sits Σ_c (π_c − prior_c) d[c] away from a balanced one.
   */
  static double[][] d;
  static double[] prior;
  static List<String> labelNames;
  /** The training speakers' statistics (the expert's selection) and clips, for E35's classifier. */
  static List<double[]> trainRaw;
  static List<Sample> trainSamples;
  /** Each statistic's deviation within a training speaker, averaged over them (E36). */
  static double[] within;

  /** Each statistic's deviation over the utterances. */
  static double[] deviation(List<double[]> x) {
    double[] sd = new double[x.get(0).length];
    for (int j = 0; j < sd.length; j++) {
      double mean = 0, var = 0;
      for (double[] v : x) mean += v[j] / x.size();
      for (double[] v : x) var += (v[j] - mean) * (v[j] - mean) / x.size();
      sd[j] = Math.sqrt(var);
    }
    return sd;
  }

  /**
   * How widely a reference's utterances vary against a training speaker's balanced acted set: the mean
   * over statistics of their deviation over the within-speaker one (E36; about 1 for an acted balance,
   * less for one mood). Read from the expert's own statistics, not from the BiLSTM.
   */
  static double spread(List<double[]> x) {
    if (x.size() < 2) return 0;
    double[] sd = deviation(x);
    double r = 0;
    for (int j = 0; j < sd.length; j++) r += sd[j] / (within[j] + 1e-9) / sd.length;
    return r;
  }

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
      labelNames = names;
      makeUp(card, ts, names.size());
      Scored v = score(loaded, card, vs, 1, false);
      Scored vm = score(loaded, card, vs, 1, true);
      Scored fit = concat(v, vm);
      FunctionalExpert e = card.functionals();
      String study = System.getProperty("study", "reference");
      Anchored anchored = "anchor".equals(study) ? Anchored.fit(v, e, names) : null;
      if (anchored != null) {
        e = anchored.expert();
        v = anchored.apply(v);
        vm = anchored.apply(vm);
      }
      List<Variant> variants = "agreement".equals(study) ? agreementVariants(v, e)
          : "anchor".equals(study) ? anchored.variants() : referenceVariants(v, vm, fit, e);
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
        if (anchored != null) sc = anchored.apply(sc);
        double mb = Arrays.stream(sc.signal()).average().orElse(0);
        for (Variant var : variants) {
          Evaluation.Report r = Evaluation.score(Experiment.logOf(combine(sc, e, var)), sc.clips(), names, 1, sc.shrink());
          System.out.printf(Locale.ROOT, "%-13s %-12s w %.2f g %.1f T %.2f  n=%4d  mean b %.2f  WA %.3f UA %.3f ECE %.3f (floor %.3f, 95%% %.3f) conf %.3f wrong>=.9 %.1f%%%n",
              s.getKey(), var.name(), var.weight(), var.gamma(), var.poolT(), sc.labels().length, mb,
              r.metrics().weightedAccuracy(), r.metrics().unweightedAccuracy(), r.ece(), r.eceFloor().mean(),
              r.eceFloor().upper95(), r.meanConfidence(),
              100 * r.wrongConfident());
          if ("agreement".equals(study)) System.out.println("    " + agreement(sc, e, var));
        }
      }
    }
  }

  /** E30-E33: the share reading the reference's balance, and the reference's make-up corrected. */
  static List<Variant> referenceVariants(Scored v, Scored vm, Scored fit, FunctionalExpert e) {
    // how well the share's signal tells a validation speaker's balanced reference from a one-emotion one
    Map<Integer, Double> balanced = new TreeMap<>(), oneMood = new TreeMap<>();
    for (int i = 0; i < v.labels().length; i++) balanced.put(v.group()[i], v.signal()[i]);
    for (int i = 0; i < vm.labels().length; i++) oneMood.put(vm.group()[i], vm.signal()[i]);
    double pairs = 0, above = 0;
    for (double x : balanced.values()) for (double y : oneMood.values()) { pairs++; above += x > y ? 1 : x == y ? 0.5 : 0; }
    System.out.printf(Locale.ROOT, "signal (%s): balanced references %s; one-emotion ones %.2f-%.2f (mean %.2f); AUC %.3f%n",
        System.getProperty("signal", "balance"), balanced.values().stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList(),
        oneMood.values().stream().mapToDouble(x -> x).min().orElse(0), oneMood.values().stream().mapToDouble(x -> x).max().orElse(0),
        oneMood.values().stream().mapToDouble(x -> x).average().orElse(0), above / pairs);
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("as written", e.weight(), 0, e.poolTemperature()));
    variants.add(trainFit(v, e, "E17 fit"));
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
    return variants;
  }

  /**
   * E34: the pool's temperature split by whether the BiLSTM and the expert name the same label, fitted
   * on the validation speakers' balanced references alone (as train fits the pool), beside that fit
   * with one temperature; and how right and how sure the pool is where they agree and where not.
   */
  static List<Variant> agreementVariants(Scored v, FunctionalExpert e) {
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("as written", e.weight(), 0, e.poolTemperature()));
    Variant one = trainFit(v, e, "refit one T");
    Variant w = one;
    variants.add(one);
    double least = Double.POSITIVE_INFINITY;
    Variant two = null;
    for (double ta : temperatures()) for (double td : temperatures()) {
      Variant c = new Variant("two T", w.weight(), 0, ta, 0, td);
      double nll = nll(v, e, c);
      if (nll < least - 1e-9) { least = nll; two = c; }
    }
    variants.add(two);
    System.out.printf(Locale.ROOT, "validation NLL: one T %.4f, two T %.4f%n", nll(v, e, one) / v.labels().length,
        least / v.labels().length);
    for (Variant c : variants) System.out.println("validation, " + c.name() + ": " + agreement(v, e, c));
    return variants;
  }

  /** The pool as train fits it (FunctionalExpert.fit): the share at T = 1, then the pool's temperature. */
  static Variant trainFit(Scored rows, FunctionalExpert e, String name) {
    Variant w = best(rows, e, "", new double[] {0}, new double[] {0}, weights(), new double[] {1});
    return w.weight() == 0 ? new Variant(name, 0, 0, 1)
        : best(rows, e, name, new double[] {0}, new double[] {0}, new double[] {w.weight()}, temperatures());
  }

  /** Where the two experts agree and where not: share of clips, accuracy and mean confidence of the pool. */
  static String agreement(Scored s, FunctionalExpert e, Variant v) {
    double[][] p = combine(s, e, v);
    int[] n = new int[2], hit = new int[2];
    double[] conf = new double[2];
    for (int i = 0; i < p.length; i++) {
      double[] q = Calibration.softmax(e.classifier().logits(s.z()[i]), e.temperature());
      int k = agree(s.bilstm()[i], q) ? 0 : 1;
      int top = FlagRules.argMax(p[i]);
      n[k]++;
      hit[k] += top == s.labels()[i] ? 1 : 0;
      conf[k] += p[i][top];
    }
    return String.format(Locale.ROOT, "agree %.2f of clips: acc %.3f conf %.3f | disagree: acc %.3f conf %.3f",
        (double) n[0] / p.length, (double) hit[0] / Math.max(1, n[0]), conf[0] / Math.max(1, n[0]),
        (double) hit[1] / Math.max(1, n[1]), conf[1] / Math.max(1, n[1]));
  }

  /**
   * E35: each utterance relative to its speaker's calm speech instead of the speaker's mean. The anchor
   * is the mean of the reference's neutral and calm utterances (in training by their labels, elsewhere
   * weighted by the BiLSTM's P(neutral) + P(calm)), shrunk by the prior's k towards the training
   * population's neutral and calm mean; the deviation is the reference's, as before.
   */
  record Anchored(FunctionalExpert expert, double[] calmMean, int neutral, int calm, List<Variant> variants) {
    static Anchored fit(Scored v, FunctionalExpert e, List<String> names) {
      int neutral = names.indexOf("neutral"), calm = names.indexOf("calm");
      int dim = e.mean().length;
      double[] calmMean = new double[dim];
      int count = 0;
      for (int i = 0; i < trainRaw.size(); i++) {
        int l = trainSamples.get(i).label();
        if (l == neutral || l == calm) { count++; for (int j = 0; j < dim; j++) calmMean[j] += trainRaw.get(i)[j]; }
      }
      for (int j = 0; j < dim; j++) calmMean[j] /= count;
      Anchored a = new Anchored(e, calmMean, neutral, calm, List.of());
      // the training rows, anchored on each speaker's labelled calm clips
      Map<String, List<Integer>> by = new LinkedHashMap<>();
      for (int i = 0; i < trainSamples.size(); i++) by.computeIfAbsent(trainSamples.get(i).speaker(), k -> new ArrayList<>()).add(i);
      double[][] x = new double[trainRaw.size()][];
      int[] y = new int[x.length];
      for (List<Integer> idx : by.values()) {
        double[] w = idx.stream().mapToDouble(i -> {
          int l = trainSamples.get(i).label();
          return l == neutral || l == calm ? 1 : 0;
        }).toArray();
        List<double[]> z = a.relative(idx.stream().map(trainRaw::get).toList(), w, 1);
        for (int k = 0; k < idx.size(); k++) { x[idx.get(k)] = z.get(k); y[idx.get(k)] = trainSamples.get(idx.get(k)).label(); }
      }
      Scored va = a.apply(v);
      FunctionalClassifier bestC = null;
      double bestUa = -1;
      for (double l2 : new double[] {0.01, 0.03, 0.1, 0.3}) {
        FunctionalClassifier c = FunctionalClassifier.fit(x, y, names.size(), l2);
        double ua = ua(c.logits(va.z()), va.labels(), names);
        if (ua > bestUa) { bestUa = ua; bestC = c; }
      }
      double t = Calibration.fitTemperature(bestC.logits(va.z()), va.labels());
      FunctionalExpert unpooled = new FunctionalExpert(e.mean(), e.std(), e.prior(), bestC, t, 1, e.statistics());
      Variant w = best(va, unpooled, "", new double[] {0}, new double[] {0}, weights(), new double[] {1});
      Variant f = w.weight() == 0 ? w : best(va, unpooled, "anchored", new double[] {0}, new double[] {0},
          new double[] {w.weight()}, temperatures());
      System.out.printf(Locale.ROOT, "anchored: L2 chosen by validation UA %.3f, T %.2f, share %.2f, pool T %.2f%n", bestUa, t,
          f.weight(), f.poolT());
      return new Anchored(unpooled, calmMean, neutral, calm, List.of(f));
    }

    /** The clips relative to their groups' anchors, from the BiLSTM's opinions. */
    Scored apply(Scored s) {
      Map<Integer, List<Integer>> by = new LinkedHashMap<>();
      for (int i = 0; i < s.labels().length; i++) by.computeIfAbsent(s.group()[i], g -> new ArrayList<>()).add(i);
      double[][] z = new double[s.labels().length][];
      for (List<Integer> idx : by.values()) {
        double[] w = idx.stream().mapToDouble(i -> s.bilstm()[i][neutral] + s.bilstm()[i][calm]).toArray();
        List<double[]> r = relative(idx.stream().map(i -> s.raw()[i]).toList(), w, s.times()[idx.get(0)]);
        for (int k = 0; k < idx.size(); k++) z[idx.get(k)] = r.get(k);
      }
      return s.withZ(z);
    }

    /** Utterances relative to their calm-weighted mean and their deviation, the reference heard {@code times} over. */
    List<double[]> relative(List<double[]> x, double[] w, int times) {
      int dim = calmMean.length;
      double wsum = Arrays.stream(w).sum() * times;
      double n = x.size() * times;
      double k = expert.prior();
      double[] m = new double[dim], sd = new double[dim];
      for (int j = 0; j < dim; j++) {
        double own = 0, mean = 0, var = 0;
        for (int i = 0; i < x.size(); i++) { own += w[i] * times * x.get(i)[j]; mean += x.get(i)[j] / x.size(); }
        for (double[] v : x) var += (v[j] - mean) * (v[j] - mean) / x.size();
        m[j] = (own + k * calmMean[j]) / (wsum + k);
        sd[j] = Math.sqrt((n * var + k * expert.std()[j] * expert.std()[j]) / (n + k));
      }
      List<double[]> out = new ArrayList<>();
      for (double[] v : x) {
        double[] z = new double[dim];
        for (int j = 0; j < dim; j++) z[j] = (v[j] - m[j]) / (sd[j] + 1e-9);
        out.add(z);
      }
      return out;
    }
  }

  /** Unweighted accuracy of the logits' top labels (the project's metric). */
  static double ua(double[][] logits, int[] labels, List<String> names) {
    int[] top = Arrays.stream(logits).mapToInt(FlagRules::argMax).toArray();
    return ClassificationMetrics.of(names, labels, top).unweightedAccuracy();
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
        java.util.stream.DoubleStream.concat(Arrays.stream(x.signal()), Arrays.stream(y.signal())).toArray(),
        java.util.stream.DoubleStream.concat(Arrays.stream(x.shrink()), Arrays.stream(y.shrink())).toArray(),
        java.util.stream.IntStream.concat(Arrays.stream(x.labels()), Arrays.stream(y.labels())).toArray(),
        java.util.stream.IntStream.concat(Arrays.stream(x.group()), Arrays.stream(y.group()).map(g -> g + 1_000_000)).toArray(),
        cat(x.raw(), y.raw()), java.util.stream.IntStream.concat(Arrays.stream(x.times()), Arrays.stream(y.times())).toArray());
  }

  static void makeUp(ModelCard card, List<Sample> train, int classes) throws Exception {
    FunctionalExpert ex = card.functionals();
    var extracted = FeatureTable.extract(train, card.features(), Runtime.getRuntime().availableProcessors(), true);
    List<double[]> z = ex.relative(extracted.functionals(), train.stream().map(Sample::speaker).toList());
    trainRaw = extracted.functionals().stream().map(f -> FunctionalExpert.select(f, ex.statistics())).toList();
    trainSamples = train;
    Map<String, List<double[]>> bySpeaker = new LinkedHashMap<>();
    for (int i = 0; i < train.size(); i++) bySpeaker.computeIfAbsent(train.get(i).speaker(), k -> new ArrayList<>()).add(trainRaw.get(i));
    within = new double[trainRaw.get(0).length];
    for (List<double[]> mine : bySpeaker.values()) {
      double[] sd = deviation(mine);
      for (int j = 0; j < within.length; j++) within[j] += sd[j] / bySpeaker.size();
    }
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
    double[][] raw = extracted.functionals().stream().map(f -> FunctionalExpert.select(f, ex.statistics())).toArray(double[][]::new);
    double[][] zs = new double[m][];
    double[][] corr = new double[m][];
    int[] n = new int[m];
    double[] signal = new double[m];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      String key = samples.get(i).speaker() + (byEmotion ? "/" + samples.get(i).label() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    int[] group = new int[m];
    int gi = 0;
    for (List<Integer> idx : groups.values()) {
      List<double[]> stats = idx.stream().map(i -> extracted.functionals().get(i)).toList();
      List<double[]> ref = new ArrayList<>();
      for (int t = 0; t < times; t++) ref.addAll(stats);
      List<double[]> z = ex.relativeTo(stats, ref);
      double b = "spread".equals(System.getProperty("signal"))
          ? Math.min(1, spread(idx.stream().map(i -> raw[i]).toList()))
          : balance(idx.stream().map(i -> p[i]).toList());
      double[] pi = "oracle".equals(System.getProperty("prior")) ? truth(idx.stream().map(i -> samples.get(i).label()).toList(), p[0].length)
          : mix(idx.stream().map(i -> p[i]).toList());
      double[] shift = shift(pi);
      for (int k = 0; k < idx.size(); k++) {
        int i = idx.get(k);
        zs[i] = z.get(k);
        corr[i] = shift;
        n[i] = byEmotion ? ONE_MOOD : ref.size();
        signal[i] = b;
        group[i] = gi;
      }
      gi++;
    }
    int[] reps = new int[m];
    Arrays.fill(reps, times);
    return new Scored(clips, p, zs, corr, n, signal, shrink, samples.stream().mapToInt(Sample::label).toArray(), group,
        raw, reps);
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

  /**
   * How far a reference of mix π sits from a balanced one: Σ_c (π_c − prior_c) d[c]; with
   * -Dgroups=arousal (E37) over groups of classes instead (neutral, calm, sad | happy, angry, fearful,
   * surprised | disgust), each group's d the prior-weighted mean of its classes': confusions inside a
   * group, which the BiLSTM makes most, then move nothing.
   */
  static double[] shift(double[] pi) {
    double[] out = new double[d[0].length];
    if (!"arousal".equals(System.getProperty("groups"))) {
      for (int c = 0; c < pi.length; c++) for (int j = 0; j < out.length; j++) out[j] += (pi[c] - prior[c]) * d[c][j];
      return out;
    }
    List<List<String>> groups = List.of(List.of("neutral", "calm", "sad"), List.of("happy", "angry", "fearful", "surprised"),
        List.of("disgust"));
    for (List<String> g : groups) {
      double pg = 0, p0 = 0;
      double[] dg = new double[out.length];
      for (String name : g) {
        int c = labelNames.indexOf(name);
        pg += pi[c];
        p0 += prior[c];
        for (int j = 0; j < out.length; j++) dg[j] += prior[c] * d[c][j];
      }
      if (p0 == 0) continue;
      for (int j = 0; j < out.length; j++) out[j] += (pg - p0) * dg[j] / p0;
    }
    return out;
  }

  /** The reference's true class mix (a diagnostic: run cannot know it). */
  static double[] truth(List<Integer> labels, int k) {
    double[] pi = new double[k];
    labels.forEach(l -> pi[l] += 1.0 / labels.size());
    return pi;
  }

  /** The share of clips whose top label under the variant is right. */
  static double accuracy(Scored s, FunctionalExpert e, Variant v) {
    double[][] p = combine(s, e, v);
    long hit = java.util.stream.IntStream.range(0, p.length).filter(i -> FlagRules.argMax(p[i]) == s.labels()[i]).count();
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
        shift.put(g, shift(pi));
      });
      corr = new double[out.length][];
      for (int i = 0; i < out.length; i++) corr[i] = shift.get(s.group()[i]);
    }
    return combineOnce(s, e, v, corr);
  }

  static double[][] combineOnce(Scored s, FunctionalExpert e, Variant v, double[][] correction) {
    double[][] out = new double[s.labels().length][];
    for (int i = 0; i < out.length; i++) {
      double a = v.weight() * s.n()[i] / (s.n()[i] + e.prior()) * Math.pow(s.signal()[i], v.gamma());
      double[] x = s.z()[i].clone();
      for (int j = 0; j < x.length; j++) x[j] += v.kappa() * correction[i][j];
      double[] q = Calibration.softmax(e.classifier().logits(x), e.temperature());
      double[] o = new double[q.length];
      for (int c = 0; c < o.length; c++) o[c] = (1 - a) * s.bilstm()[i][c] + a * q[c];
      // E34: the pool's temperature where the two experts name the same label, and where they do not
      double poolT = agree(s.bilstm()[i], q) ? v.poolT() : v.poolTDisagree();
      if (poolT > 0 && poolT != 1 && v.weight() > 0) {
        double t = 1 + (poolT - 1) * a / v.weight();
        o = Calibration.softmax(Arrays.stream(o).map(u -> Math.log(Math.max(1e-12, u))).toArray(), t);
      }
      out[i] = o;
    }
    return out;
  }

  static boolean agree(double[] p, double[] q) {
    return FlagRules.argMax(p) == FlagRules.argMax(q);
  }

  static double nll(Scored s, FunctionalExpert e, Variant v) {
    double[][] p = combine(s, e, v);
    double nll = 0;
    for (int i = 0; i < p.length; i++) nll -= Math.log(Math.max(1e-12, p[i][s.labels()[i]]));
    return nll;
  }
}
