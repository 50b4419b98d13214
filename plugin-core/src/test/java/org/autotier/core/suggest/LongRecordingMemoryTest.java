package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autotier.model.suggest.Segment;
import org.junit.jupiter.api.Test;

/**
 * A recording whose segments need more memory than the JVM has is refused before its features
 * are computed, with the figures and the remedies (the 10-hour measurement: docs/reliability.md).
 */
class LongRecordingMemoryTest {
    /** 10 hours of 3-s segments every 4.5 s: 8,000 segments, 6 h 40 min of speech. */
    private static List<Segment> tenHours() {
        List<Segment> s = new ArrayList<>();
        for (long t = 0; t + 3_000 <= 36_000_000L; t += 4_500) {
            s.add(new Segment(t, t + 3_000, null));
        }
        return s;
    }

    @Test
    void tooLittleMemoryIsRefusedWithTheFiguresAndTheRemedies() {
        IOException e = assertThrows(IOException.class, () -> AutoSuggestPipeline.checkMemoryFor(
                Path.of("/rec/day.mp4"), tenHours(), () -> 1L << 30));
        assertEquals("/rec/day.mp4: its 8000 segments hold 6 h 40 min of speech; analysing them needs about "
                + "2,975 MB of memory and this Java has 1,024 MB free. Raise the limit (./autotier: "
                + "AUTOTIER_JAVA_OPTS=-Xmx" + expectedGb() + "g; an OSGi host: the setting 'Worker maximum heap (MB)'), "
                + "or split the recording", e.getMessage());
    }

    private static long expectedGb() {
        long need = 24_000L * AutoSuggestPipeline.FEATURE_BYTES_PER_SECOND;
        return Math.max(2, (Runtime.getRuntime().maxMemory() + need - (1L << 30) >> 30) + 2);
    }

    @Test
    void enoughMemoryOrNoSpeechGoesAhead() {
        assertDoesNotThrow(() -> AutoSuggestPipeline.checkMemoryFor(Path.of("a.wav"), tenHours(), () -> 4L << 30));
        assertDoesNotThrow(() -> AutoSuggestPipeline.checkMemoryFor(Path.of("a.wav"), List.of(), () -> 0));
    }
}
