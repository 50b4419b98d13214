package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.autotier.core.api.SegmentService;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The segmentation pipeline inside Felix: FFmpeg and ONNX Runtime natives load from the
 * runtime-media bundle, the models from plugin-core, and the result comes back as EAF tiers.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SegmentInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    SegmentService segments;

    /** A mono 16 kHz PCM WAV of quiet noise, written by hand: no tool needed. */
    private static Path quietWav(Path file, double seconds) throws IOException {
        int n = (int) (16_000 * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * n);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (r.nextGaussian() * 30));
        }
        return Files.write(file, b.array());
    }

    @Test
    void audioOnlyFileGivesAnEmptySpeechTierInsideFelix(@TempDir Path tmp) throws Exception {
        Path wav = quietWav(tmp.resolve("quiet.wav"), 2.0);
        double[] last = {0};
        EafDocument doc = segments.segment(wav, null, tmp.resolve("quiet.eaf"), p -> last[0] = p);
        assertEquals(List.of("autotier-speech"), doc.tiers().stream().map(t -> t.id()).toList());
        assertEquals(0, doc.tier("autotier-speech").orElseThrow().annotations().size(), "quiet noise is not speech");
        assertEquals(1.0, last[0]);
        assertEquals(List.of(), EafValidator.validate(doc));
    }

    @Test
    void badMediaIsNamedInTheError(@TempDir Path tmp) throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.mp4"), "not a video at all");
        IOException e = assertThrows(IOException.class, () -> segments.segment(junk, null, tmp.resolve("x.eaf"), null));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
    }

    @Test
    void realSpeakingFaceGivesASpeechFaceSegment(@TempDir Path tmp) throws Exception {
        String shared = context.getProperty("autotier.shared.data");
        Path clip = shared == null ? null : Paths.get(shared, "av-clips", "grid", "bbaf2n.mpg");
        assumeTrue(clip != null && Files.exists(clip), "../shared/data is not present");
        EafDocument doc = segments.segment(clip, null, tmp.resolve("bbaf2n.eaf"), null);
        assertEquals(1, doc.tier("autotier-speech-face").orElseThrow().annotations().size());
        assertEquals("face1", doc.tier("autotier-speech-face").orElseThrow().annotations().get(0).value());
        assertEquals(List.of(), EafValidator.validate(doc));
    }
}
