package org.autotier.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
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
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), video ? 320 : 0, video ? 240 : 0, 1)) {
            if (video) {
                rec.setVideoCodecName(videoCodec);
                rec.setFrameRate(25);
                rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
                if (name.endsWith(".mpg")) {
                    rec.setFormat("mpeg");
                }
            }
            rec.setAudioCodecName(audioCodec);
            rec.setSampleRate(rate);
            rec.start();
            short[] tone = new short[rate * 2];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / rate));
            }
            rec.recordSamples(rate, 1, ShortBuffer.wrap(tone));
            if (video) {
                for (int i = 0; i < 50; i++) {
                    Frame f = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
                    rec.setTimestamp(i * 40_000L);
                    rec.record(f, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
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
