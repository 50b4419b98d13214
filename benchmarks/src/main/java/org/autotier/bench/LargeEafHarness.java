package org.autotier.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafWriter;

/**
 * Reads a large EAF (default: generates a ~100 MB one) and reports wall time and peak heap.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar org.autotier.bench.LargeEafHarness [FILE] [MB]</pre>
 */
public final class LargeEafHarness {
    private LargeEafHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Paths.get(args.length > 0 ? args[0] : "target/large.eaf");
        int targetMb = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (!Files.exists(file)) {
            generate(file, targetMb);
        }
        System.out.printf("file: %s, %.1f MB%n", file, Files.size(file) / 1e6);
        for (int round = 1; round <= 3; round++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            EafDocument doc = EafReader.read(file);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("read %d: %d ms, %d annotations, peak heap %d MB%n", round, ms, doc.annotationCount(),
                    peakHeapMb());
        }
    }

    private static void generate(Path file, int targetMb) throws Exception {
        EafEditor ed = EafEditor.create("large-eaf harness");
        ed.putLinguisticType(new LinguisticType("utterance", true, null, false, null, null, null));
        ed.putLinguisticType(new LinguisticType("note", false, "Symbolic_Association", false, null, null, null));
        // about 630 bytes of EAF per utterance with its note
        int n = targetMb * 1_000_000 / 630;
        int tiers = 20;
        for (int t = 0; t < tiers; t++) {
            ed.addTier(Tier.of("speaker" + t, "utterance", null));
            ed.addTier(Tier.of("note" + t, "note", "speaker" + t));
        }
        for (int i = 0; i < n; i++) {
            int t = i % tiers;
            long start = (long) (i / tiers) * 1000;
            String id = ed.addAlignable("speaker" + t, start, start + 900, "utterance number " + i + " of a long session");
            ed.addReference("note" + t, id, "note " + i);
        }
        EafWriter.write(ed.build(), file);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
