package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.autotier.model.suggest.Segment;
import org.junit.jupiter.api.Test;

/**
 * A long recording is analysed a chunk of segments at a time, so its features fit in the memory
 * a short one needs; a single segment too long for the memory left is refused before its features
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
    void aTenHourRecordingIsAnalysedInChunksThatEachFitInTheMemoryOfAShortOne() {
        List<Segment> segments = tenHours();
        List<List<Integer>> chunks = AutoSuggestPipeline.chunks(segments, AutoSuggestPipeline.CHUNK_MS);
        // every segment once, in order
        assertEquals(IntStream.range(0, segments.size()).boxed().toList(),
                chunks.stream().flatMap(List::stream).toList());
        assertEquals(800, chunks.size(), "6 h 40 min of speech in chunks of 30 s");
        for (List<Integer> chunk : chunks) {
            List<Segment> in = chunk.stream().map(segments::get).toList();
            assertTrue(in.stream().mapToLong(s -> s.endMs() - s.startMs()).sum() <= AutoSuggestPipeline.CHUNK_MS);
            // 30 s of features: about 4 MB
            assertDoesNotThrow(() -> AutoSuggestPipeline.checkMemoryFor(Path.of("a.wav"), in, () -> 8L << 20));
        }
    }

    @Test
    void aSegmentLongerThanAChunkIsAChunkOfItsOwn() {
        List<Segment> s = List.of(new Segment(0, 1_000, null), new Segment(2_000, 2_000 + 3_600_000, null),
                new Segment(3_700_000, 3_701_000, null), new Segment(3_702_000, 3_703_000, null));
        assertEquals(List.of(List.of(0), List.of(1), List.of(2, 3)), AutoSuggestPipeline.chunks(s, 300_000));
        assertEquals(List.of(), AutoSuggestPipeline.chunks(List.of(), 300_000));
    }

    @Test
    void tooLittleMemoryForOneChunkIsRefusedWithTheFiguresAndTheRemedies() {
        List<Segment> oneLong = List.of(new Segment(0, 24_000_000L, null));
        IOException e = assertThrows(IOException.class, () -> AutoSuggestPipeline.checkMemoryFor(
                Path.of("/rec/day.mp4"), oneLong, () -> 1L << 30));
        assertEquals("/rec/day.mp4: 1 segment(s) of it, analysed together, hold 6 h 40 min of speech; analysing "
                + "them needs about 2,975 MB of memory and this Java has 1,024 MB free. Raise the limit (./autotier: "
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
