package org.autotier.core.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.autotier.core.testing.MediaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SileroVadTest {

    @TempDir
    Path tmp;

    static List<Interval> regions(short[] samples, VadParams params) throws Exception {
        SpeechRegions r = new SpeechRegions(params, SileroVad.WINDOW_MS_NUM);
        try (SileroVad vad = new SileroVad(r)) {
            vad.accept(samples, samples.length);
            vad.finish();
        }
        return r.regions(samples.length * 1000L / MediaFixtures.RATE);
    }

    @Test
    void toneAndSilenceAreNotSpeech() throws Exception {
        short[] tone = new short[MediaFixtures.RATE * 3];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (i < tone.length / 2 ? 8000 * Math.sin(2 * Math.PI * 440 * i / MediaFixtures.RATE) : 0);
        }
        assertEquals(List.of(), regions(tone, VadParams.DEFAULTS));
    }

    @Test
    void synthesizedSpeechIsOneRegionCoveringIt() throws Exception {
        Optional<short[]> speech = MediaFixtures.espeak("The children are playing in the garden today.", tmp);
        assumeTrue(speech.isPresent(), "espeak-ng is not installed");
        short[] s = speech.get();
        short[] padded = new short[s.length + 2 * MediaFixtures.RATE];
        System.arraycopy(s, 0, padded, MediaFixtures.RATE, s.length);
        List<Interval> r = regions(padded, VadParams.DEFAULTS);
        assertEquals(1, r.size(), r.toString());
        long speechEnd = 1000 + s.length * 1000L / MediaFixtures.RATE;
        assertTrue(r.get(0).startMs() >= 800 && r.get(0).startMs() <= 1300, r.toString());
        assertTrue(r.get(0).endMs() >= speechEnd - 400 && r.get(0).endMs() <= speechEnd + 300, r + " vs " + speechEnd);
    }

    /**
     * Every RAVDESS clip holds one utterance starting after about 0.5-1.5 s: the VAD must find
     * exactly one region that covers the loudest part of the clip, on at least 98% of clips.
     */
    @Test
    void ravdessClipsHaveExactlyOneUtterance() throws Exception {
        Optional<Path> shared = MediaFixtures.sharedData().map(d -> d.resolve("ravdess-speech-16k"));
        assumeTrue(shared.isPresent() && Files.isDirectory(shared.get()), "../shared/data is not present");
        List<Path> clips;
        try (Stream<Path> s = Files.walk(shared.get())) {
            clips = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertTrue(clips.size() >= 1000, clips.size() + " clips");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (Path clip : clips) {
            results.add(pool.submit(() -> check(clip)));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> f : results) {
            String failure = f.get();
            if (failure != null) {
                failures.add(failure);
            }
        }
        pool.shutdown();
        double rate = 1 - (double) failures.size() / clips.size();
        System.out.printf("RAVDESS VAD: %d/%d clips with exactly one covering region (%.2f%%)%n",
                clips.size() - failures.size(), clips.size(), 100 * rate);
        assertTrue(rate >= 0.98, String.format("%.2f%% < 98%%; first failures: %s", 100 * rate,
                failures.subList(0, Math.min(10, failures.size()))));
    }

    private static String check(Path clip) throws Exception {
        short[] s = MediaFixtures.readAudio(clip);
        List<Interval> r = regions(s, VadParams.DEFAULTS);
        // the loudest 32 ms window is inside the utterance
        int win = 512;
        long loudest = 0;
        double best = -1;
        for (int i = 0; i + win <= s.length; i += win) {
            double e = 0;
            for (int k = i; k < i + win; k++) {
                e += (double) s[k] * s[k];
            }
            if (e > best) {
                best = e;
                loudest = (i + win / 2) * 1000L / MediaFixtures.RATE;
            }
        }
        final long peak = loudest;
        if (r.size() != 1 || !(r.get(0).startMs() <= peak && peak < r.get(0).endMs()) || r.get(0).startMs() < 200) {
            return clip.getFileName() + " " + r + " peak " + peak;
        }
        return null;
    }
}
