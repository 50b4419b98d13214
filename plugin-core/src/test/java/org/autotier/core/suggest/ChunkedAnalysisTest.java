package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.core.vad.VadParams;
import org.autotier.model.suggest.Suggestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long recording's segments are analysed a chunk at a time (its features would not fit in
 * memory together). Chunks change no result: the shipped model on a recording of several
 * utterances gives the same suggestions with one segment per chunk as with all in one.
 */
class ChunkedAnalysisTest {
    private static final String[] LINES = {"The children are playing in the garden today.",
        "Please put the red block on top of the blue one.", "I do not want to go to bed yet.",
        "Look at the little dog running after the ball.", "We are going to see grandma on Sunday.",
        "Can you tell me what happened at school?"};

    @Test
    void oneSegmentPerChunkGivesTheSuggestionsOfAllSegmentsAtOnce(@TempDir Path tmp) throws Exception {
        List<short[]> parts = new ArrayList<>();
        short[] gap = new short[MediaFixtures.RATE * 3 / 2];
        for (String line : LINES) {
            Optional<short[]> speech = MediaFixtures.espeak(line, tmp);
            assumeTrue(speech.isPresent(), "espeak-ng is not installed");
            parts.add(speech.get());
            parts.add(gap);
        }
        Path wav = MediaFixtures.wav(tmp.resolve("talk.wav"), MediaFixtures.concat(parts), 500);
        try (EmotionPredictor predictor = EmotionPredictor.open(Path.of("..", "models", "emotion-audio"), "cpu", 0)) {
            AutoSuggestPipeline whole = new AutoSuggestPipeline(VadParams.DEFAULTS, SegmentParams.DEFAULTS,
                    BlazeFaceDetector.Variant.FRONT_128, SuggestParams.DEFAULTS, predictor, null);
            List<SegmentAnalysis> atOnce = whole.run(wav, HumanLabels.none(), f -> { }).analyses();
            List<Double> progress = new ArrayList<>();
            List<SegmentAnalysis> chunked = whole.withChunkMs(1).run(wav, HumanLabels.none(), progress::add)
                    .analyses();

            assertTrue(atOnce.size() >= 4, "several segments: " + atOnce.size());
            assertEquals(atOnce.size(), chunked.size());
            for (int i = 0; i < atOnce.size(); i++) {
                Suggestion a = atOnce.get(i).suggestion();
                Suggestion b = chunked.get(i).suggestion();
                String at = "segment " + i + " " + a.segment();
                assertEquals(a.segment(), b.segment(), at);
                assertEquals(a.label(), b.label(), at);
                assertEquals(a.flags(), b.flags(), at);
                for (String label : a.distribution().labels()) {
                    assertEquals(a.distribution().probability(label), b.distribution().probability(label), 1e-5, at);
                }
                assertEquals(atOnce.get(i).outOfDomain(), chunked.get(i).outOfDomain(), 1e-12, at);
                assertEquals(atOnce.get(i).windows().size(), chunked.get(i).windows().size(), at);
            }
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) >= progress.get(i - 1), "progress goes forward: " + progress);
            }
            assertEquals(1.0, progress.get(progress.size() - 1));
        }
    }
}
