package org.autotier.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Every container and audio format users record in, written by FFmpeg here and read back. */
class ContainerFormatsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clip.mp4,  mpeg4,      aac,       video/mp4",
        "clip.mov,  mpeg4,      aac,       video/quicktime",
        "clip.mkv,  mpeg4,      flac,      video/x-matroska",
        "clip.avi,  mpeg4,      pcm_s16le, video/x-msvideo",
        "clip.webm, libvpx,     libopus,   video/webm",
        "clip.flv,  flv1,       aac,       video/x-flv",
        "clip.mpg,  mpeg1video, mp2,       video/mpeg",
        "clip.wav,  '',         pcm_s16le, audio/x-wav",
        "clip.mp3,  '',         libmp3lame, audio/mpeg",
        "clip.flac, '',         flac,      audio/flac"})
    void decodes(String name, String videoCodec, String audioCodec, String mime) throws Exception {
        Path file = tmp.resolve(name);
        boolean video = !videoCodec.isBlank();
        int rate = name.endsWith(".webm") ? 48_000 : name.endsWith(".mp3") || name.endsWith(".flv") ? 44_100 : 16_000;
        org.autotier.core.testing.MediaFixtures.container(file, videoCodec, audioCodec, rate, 2, 320, 240);
        long[] samples = {0};
        int[] frames = {0};
        MediaInfo info = new MediaDecoder(10, 320).decode(file, new MediaSink() {
            @Override
            public void audio(short[] s, int length, long start) {
                samples[0] += length;
            }

            @Override
            public void video(VideoFrame f) {
                frames[0]++;
            }
        });
        assertEquals(mime, info.mimeType());
        assertEquals(video, info.hasVideo());
        assertEquals(2.0 * MediaDecoder.SAMPLE_RATE, samples[0], 0.1 * MediaDecoder.SAMPLE_RATE, "2 s of 16 kHz audio");
        if (video) {
            assertEquals(20, frames[0], 3);
        } else {
            assertFalse(frames[0] > 0);
        }
    }
}
