// Does the BiLSTM see how one-sided a speaker's reference is? (docs/model-card.md, "A speaker heard at
// length in one mood", session 21.) For each held-out speaker of the shipped model's fold 0 (RAVDESS
// test and validation actors, EmoDB test and validation speakers), three references: all of the
// speaker's clips (an acted balance of emotions), the neutral and calm clips alone, the happy, angry
// and fearful clips alone. For each, the BiLSTM's calibrated distributions averaged over the
// reference's clips, and from that mean: its balance (the exponential of its entropy over the labels
// the speaker's corpus has, divided by their number: 1 when every label is equally likely) and its
// neutral + calm mass; the balance also over all of the model's labels, as run would read it without
// knowing the corpus. A share that sees the reference could read any of them.
//
// Usage (after `mvn -q -o -pl plugin-core compile` and the classpath in plugin-core/target/cp.txt):
//   java -Dshared=../shared/data -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/ReferenceBalance.java [MODEL]
import java.nio.file.Path;
import java.util.*;
import org.autotier.core.eval.Calibration;
import org.autotier.core.training.*;

public class ReferenceBalance {
  public static void main(String[] a) throws Exception {
    Path shared = Path.of(System.getProperty("shared", "../shared/data"));
    Path model = Path.of(a.length > 0 ? a[0] : "models/emotion-audio");
    try (ModelStore.Loaded loaded = ModelStore.load(model)) {
      ModelCard card = loaded.card();
      LabelSet labels = LabelSet.named(card.labelSet());
      List<String> names = labels.labels();
      Set<String> keep = new HashSet<>(List.of("actor01", "actor06", "actor11", "actor16", "emodb03", "emodb12"));
      keep.addAll(card.provenance().validationSpeakers());
      List<Sample> samples = new ArrayList<>();
      RavdessCorpus.scan(shared.resolve("ravdess-speech-16k"), labels).stream().filter(s -> keep.contains(s.speaker())).forEach(samples::add);
      CorpusLayouts.emoDb(shared.resolve("emodb-16k"), labels, CorpusLabelMap.DEFAULT).samples().stream()
          .filter(s -> keep.contains(s.speaker())).forEach(samples::add);
      var extracted = FeatureTable.extract(samples, card.features(), Runtime.getRuntime().availableProcessors(), false);
      List<FeatureTable.Clip> clips = FeatureNormalization.of(card.provenance().config()).apply(extracted.clips(), card.speakerPrior());
      FusionTrainer scorer = new FusionTrainer(card.provenance().config(), names.size(),
          new Normalizer(card.normalizationMean(), card.normalizationStd()));
      double[][] logits = scorer.logits(loaded.model(), loaded.block(), clips, Evaluation.outputIndex(card.head()));
      Map<String, List<Integer>> by = new TreeMap<>();
      for (int i = 0; i < samples.size(); i++) by.computeIfAbsent(samples.get(i).speaker(), k -> new ArrayList<>()).add(i);
      Set<String> calm = Set.of("neutral", "calm"), upset = Set.of("happy", "angry", "fearful");
      System.out.println("speaker   role        reference        clips  balance  over all labels  neutral+calm mass");
      for (var e : by.entrySet()) {
        String role = card.provenance().validationSpeakers().contains(e.getKey()) ? "validation" : "test";
        boolean[] present = new boolean[names.size()];
        e.getValue().forEach(i -> present[samples.get(i).label()] = true);
        for (String ref : List.of("all", "neutral+calm", "happy+angry+fear")) {
          List<Integer> idx = e.getValue().stream().filter(i -> {
            String l = names.get(samples.get(i).label());
            return ref.equals("all") || (ref.startsWith("neutral") ? calm : upset).contains(l);
          }).toList();
          double[] m = new double[names.size()];
          for (int i : idx) {
            double[] p = Calibration.softmax(logits[i], card.temperature());
            for (int c = 0; c < m.length; c++) m[c] += p[c] / idx.size();
          }
          // over the labels the speaker's corpus has (EmoDB has no calm or surprised)
          double mass = 0, h = 0;
          for (int c = 0; c < m.length; c++) if (present[c]) mass += m[c];
          for (int c = 0; c < m.length; c++) if (present[c] && m[c] > 0) { double q = m[c] / mass; h -= q * Math.log(q); }
          int labelsHere = 0;
          for (boolean b : present) labelsHere += b ? 1 : 0;
          // as run would read it, not knowing which labels the speaker's corpus has
          double hAll = 0;
          for (double q : m) if (q > 0) hAll -= q * Math.log(q);
          double calmMass = 0;
          for (int c = 0; c < m.length; c++) if (calm.contains(names.get(c))) calmMass += m[c];
          System.out.printf(Locale.ROOT, "%-9s %-11s %-16s %5d  %.3f    %.3f            %.3f%n", e.getKey(), role, ref,
              idx.size(), Math.exp(h) / labelsHere, Math.exp(hAll) / m.length, calmMass);
        }
      }
    }
  }
}
