package org.autotier.core.fusion;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the robustness sweep behind docs/testing.md. It trains the synthetic task over many
 * seeds and prints every score; benchmarks/scripts/training-robustness.sh runs it under each
 * ATEN_CPU_CAPABILITY and thread count. Enabled only with -Dautotier.sweep=SEEDS (e.g. 1-10).
 */
@EnabledIfSystemProperty(named = "autotier.sweep", matches = "\\d+-\\d+")
class SyntheticCoTimingSweep {

    @Test
    void sweep() {
        int[] range = Arrays.stream(System.getProperty("autotier.sweep").split("-")).mapToInt(Integer::parseInt)
                .toArray();
        int epochs = Integer.getInteger("autotier.sweep.epochs", 40);
        String models = System.getProperty("autotier.sweep.models", "D,A,qkv");
        var version = SyntheticCoTiming.Version.valueOf(System.getProperty("autotier.sweep.version", "CURRENT"));
        for (String name : models.split(",")) {
            for (int seed = range[0]; seed <= range[1]; seed++) {
                var block = "qkv".equals(name) ? SyntheticCoTiming.windowedQkv()
                        : SyntheticCoTiming.cmaf(CmafConfig.Variant.valueOf(name));
                SyntheticCoTiming.Score s = SyntheticCoTiming.trainAndScore(block, seed, epochs, version);
                System.out.printf("SWEEP version=%s model=%s seed=%d capability=%s threads=%s fused=%.3f audio=%.3f visual=%.3f attentionOnEvent=%.3f%n",
                        version, name, seed, System.getenv().getOrDefault("ATEN_CPU_CAPABILITY", "native"),
                        System.getProperty("ai.djl.pytorch.num_threads", "auto"), s.fused(), s.audio(), s.visual(), s.attentionOnEvent());
            }
        }
    }
}
