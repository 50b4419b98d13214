// Reads a large EAF and reports the memory the document retains (docs/reliability.md, "Large EAF
// files"). Writes the file first when it does not exist: one tier of N annotations (2,400,000 make
// about 1 GB). Usage, from the project root after `mvn -o -q -pl plugin-model compile`:
//   java -Xmx12g -cp plugin-model/target/classes benchmarks/scripts/LargeEafBench.java /tmp/big.eaf 2400000
//   /usr/bin/time -f "peak RSS %M KB" java -Xmx2g -cp plugin-model/target/classes benchmarks/scripts/LargeEafBench.java /tmp/big.eaf 0
import java.nio.file.*;
import org.autotier.model.eaf.*;
import org.autotier.model.eaf.io.*;
public class LargeEafBench { public static void main(String[] a) throws Exception {
  Path f = Path.of(a[0]); int n = Integer.parseInt(a[1]);
  if (!Files.exists(f)) {
    EafEditor ed = EafEditor.create("big");
    ed.putLinguisticType(new LinguisticType("lt", true, null, false, null, null, null));
    ed.addTier(Tier.of("words", "lt", null));
    for (int i = 0; i < n; i++) ed.addAlignable("words", i * 100L, i * 100L + 90, "word number " + i + " of a long transcript");
    EafWriter.write(ed.build(), f);
  }
  System.gc(); Thread.sleep(200);
  long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  long t0 = System.nanoTime();
  EafDocument d = EafReader.read(f);
  System.gc(); Thread.sleep(200);
  long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  System.out.printf("file %.1f MB, %d annotations, retained %.1f MB (%.2f x file), read in %.1f s%n", Files.size(f) / 1e6, d.annotationCount(), (after - before) / 1e6, (after - before) / (double) Files.size(f), (System.nanoTime() - t0) / 1e9);
}}
