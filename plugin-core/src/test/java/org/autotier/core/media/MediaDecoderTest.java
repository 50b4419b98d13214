package org.autotier.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.core.testing.MediaFixtures.Part;
import org.autotier.core.testing.MediaFixtures.Picture;
import org.autotier.core.testing.MediaFixtures.Sound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaDecoderTest {

    @TempDir
    Path tmp;

    private static final class Collect implements MediaSink {
        long samples;
        final List<Long> frameTimes = new ArrayList<>();
        int width;
        int height;
        double lastProgress;

        @Override
        public void audio(short[] s, int length, long startSample) {
            assertEquals(samples, startSample, "audio arrives in order without gaps");
            samples += length;
        }

        @Override
        public void video(VideoFrame f) {
            frameTimes.add(f.timeMs());
            width = f.width();
            height = f.height();
            assertEquals(f.width() * f.height() * 3, f.rgb().length);
        }

        @Override
        public void progress(double fraction) {
            assertTrue(fraction >= lastProgress, "progress never goes back");
            lastProgress = fraction;
        }
    }

    @Test
    void streamsSixteenKilohertzAudioAndSampledScaledFrames() throws Exception {
        Path mp4 = MediaFixtures.synthesize(tmp.resolve("clip.mp4"), 640, 360, 25,
                List.of(new Part(2000, Picture.GRADIENT, Sound.TONE), new Part(1000, Picture.BLACK, Sound.SILENCE)));
        Collect c = new Collect();
        MediaInfo info = new MediaDecoder(10, 320).decode(mp4, c);
        assertTrue(info.hasAudio() && info.hasVideo());
        assertEquals("video/mp4", info.mimeType());
        assertEquals(640, info.width());
        assertEquals(3000, info.durationMs(), 100);
        assertEquals(3.0 * MediaDecoder.SAMPLE_RATE, c.samples, 0.05 * MediaDecoder.SAMPLE_RATE, "about 3 s of audio");
        assertEquals(30, c.frameTimes.size(), 2, "10 fps of a 3 s video");
        assertEquals(320, c.width);
        assertEquals(180, c.height, "aspect ratio kept");
        for (int i = 1; i < c.frameTimes.size(); i++) {
            assertEquals(100, c.frameTimes.get(i) - c.frameTimes.get(i - 1), 40, "frames about 100 ms apart");
        }
        assertEquals(1.0, c.lastProgress);
    }

    /**
     * Audio decodes many times faster than video. Progress follows the slower stream, so a watchdog
     * waiting for progress (ChildEngine's) sees a long video's decoding move instead of audio's
     * finished share and then nothing for minutes.
     */
    @Test
    void progressFollowsTheVideoWhenTheVideoLagsBehindTheAudio() throws Exception {
        Path mp4 = MediaFixtures.synthesize(tmp.resolve("long.mp4"), 640, 360, 25,
                List.of(new Part(12_000, Picture.GRADIENT, Sound.TONE)));
        long[] lastFrameMs = {-1};
        List<double[]> seen = new ArrayList<>(); // {progress, the last analysed frame's time then}
        MediaInfo info = new MediaDecoder(10, 320).decode(mp4, new MediaSink() {
            @Override
            public void audio(short[] samples, int length, long startSample) {
            }

            @Override
            public void video(VideoFrame frame) {
                try {
                    Thread.sleep(15); // a detector slower than decoding: the video falls behind the audio
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (seen) {
                    lastFrameMs[0] = frame.timeMs();
                }
            }

            @Override
            public void progress(double fraction) {
                synchronized (seen) {
                    seen.add(new double[] {fraction, lastFrameMs[0]});
                }
            }
        });
        long duration = info.durationMs();
        assertTrue(seen.stream().filter(p -> p[0] > 0.3 && p[0] < 0.99).count() >= 5,
                "progress moves while the video decodes: " + seen.size() + " reports");
        for (double[] p : seen) {
            if (p[0] < 1.0) {
                // reported once a second of video time, from the frame about to be analysed
                assertTrue(p[1] >= p[0] * duration - 1_300, String.format(java.util.Locale.ROOT,
                        "progress %.2f with the video only at %d of %d ms", p[0], (long) p[1], duration));
            }
        }
        assertEquals(1.0, seen.get(seen.size() - 1)[0]);
    }

    @Test
    void audioOnlyFilesHaveNoVideo() throws Exception {
        Path wav = MediaFixtures.synthesize(tmp.resolve("tone.wav"), 0, 0, 25,
                List.of(new Part(1500, Picture.NONE, Sound.TONE)));
        Collect c = new Collect();
        MediaInfo info = new MediaDecoder(10, 320).decode(wav, c);
        assertFalse(info.hasVideo());
        assertEquals("audio/x-wav", info.mimeType());
        assertEquals(1.5 * MediaDecoder.SAMPLE_RATE, c.samples, 200);
        assertTrue(c.frameTimes.isEmpty());
    }

    @Test
    void badMediaGetsAClearErrorNamingTheFile() throws Exception {
        Path good = MediaFixtures.synthesize(tmp.resolve("good.mp4"), 320, 240, 25,
                List.of(new Part(3000, Picture.GRADIENT, Sound.TONE)));
        byte[] bytes = Files.readAllBytes(good);

        Path empty = Files.write(tmp.resolve("empty.mp4"), new byte[0]);
        assertMessage(empty, "empty");

        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        Path garbage = Files.write(tmp.resolve("garbage.mp4"), noise);
        assertMessage(garbage, "garbage.mp4");

        Path truncated = Files.write(tmp.resolve("truncated.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertMessage(truncated, "truncated.mp4");

        Path silentVideo = MediaFixtures.synthesize(tmp.resolve("video-only.mp4"), 320, 240, 25,
                List.of(new Part(1000, Picture.GRADIENT, Sound.NONE)));
        assertMessage(silentVideo, "no audio stream");

        assertMessage(tmp.resolve("missing.mp4"), "no such file");
    }

    private static void assertMessage(Path file, String expected) {
        MediaException e = assertThrows(MediaException.class, () -> new MediaDecoder(10, 320).decode(file, new Collect()));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
