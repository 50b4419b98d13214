package org.autotier.core.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.autotier.core.media.fuzz.MediaFuzzCampaign.Outcome;
import org.autotier.core.media.fuzz.MediaFuzzCampaign.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short media fuzzing run (the long campaign: docs/reliability.md): 20 damaged copies of each
 * seed recording through the decoder and `segment` in a child JVM. Every file ends in a result or
 * an error that names it, none crashes the process and none hangs.
 */
class MediaFuzzTest {

    @TempDir
    Path tmp;

    @Test
    void damagedRecordingsEndInAResultOrAClearErrorWithoutCrashOrHang() throws Exception {
        List<Path> seeds = FuzzSeeds.write(tmp);
        MediaFuzzCampaign campaign = new MediaFuzzCampaign(tmp, 30_000);
        List<Result> results = campaign.run(seeds, 20, 7);
        String report = MediaFuzzCampaign.report(results);
        assertEquals(seeds.size() * 20, results.size());
        assertTrue(results.stream().noneMatch(r -> r.outcome() == Outcome.CRASH || r.outcome() == Outcome.HANG), report);
        assertTrue(results.stream().anyMatch(r -> r.outcome() == Outcome.OK), "some damage is survivable: " + report);
        assertTrue(results.stream().anyMatch(r -> r.outcome() == Outcome.ERROR), "some is not: " + report);
        for (Result r : results) {
            if (r.outcome() == Outcome.ERROR) {
                assertTrue(r.detail().contains(r.file().getFileName().toString()), "the error names the file: " + r);
                assertFalse(r.detail().contains("FFmpegLogCallback") || r.detail().contains("setFormat()"),
                        "no advice meant for JavaCV's programmers: " + r);
            }
        }
    }
}
