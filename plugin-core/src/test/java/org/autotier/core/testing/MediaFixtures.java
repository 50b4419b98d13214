package org.autotier.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Media made at test time with FFmpeg (through JavaCV, so no ffmpeg binary is needed), and
 * speech from espeak-ng when it is installed (.ci/run installs it). Nothing here is shipped data.
 */
public final class MediaFixtures {
    public static final int RATE = 16_000;

    private MediaFixtures() {
    }

    public static Optional<Path> sharedData() {
        String p = System.getProperty("autotier.shared.data");
        Path dir = p == null ? null : Paths.get(p);
        return dir != null && Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** One part of a synthetic recording: what to show and what to play for {@code ms}. */
    public record Part(long ms, Picture picture, Sound sound) {
    }

    public enum Picture { GRADIENT, BLACK, NONE }

    public enum Sound { TONE, SILENCE, NONE }

    /** Writes a video (MPEG-4 part 2 + AAC in .mp4, or any container by extension) from parts. */
    public static Path synthesize(Path out, int width, int height, double fps, List<Part> parts) throws IOException {
        boolean video = parts.stream().anyMatch(p -> p.picture() != Picture.NONE);
        boolean audio = parts.stream().anyMatch(p -> p.sound() != Sound.NONE);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), video ? width : 0, video ? height : 0,
                audio ? 1 : 0)) {
            if (video) {
                rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                rec.setFrameRate(fps);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setVideoQuality(5);
            }
            if (audio) {
                rec.setSampleRate(RATE);
                rec.setAudioChannels(1);
                rec.setAudioCodec(out.toString().endsWith(".wav") ? avcodec.AV_CODEC_ID_PCM_S16LE
                        : avcodec.AV_CODEC_ID_AAC);
            }
            rec.start();
            long t = 0;
            long frameNo = 0;
            for (Part p : parts) {
                long end = t + p.ms();
                short[] samples = new short[(int) (p.ms() * RATE / 1000)];
                if (p.sound() == Sound.TONE) {
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / RATE));
                    }
                }
                if (audio) {
                    rec.recordSamples(RATE, 1, ShortBuffer.wrap(samples));
                }
                if (video) {
                    while (frameNo * 1000 / fps < end) {
                        Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
                        ByteBuffer bb = (ByteBuffer) f.image[0];
                        for (int y = 0; y < height; y++) {
                            for (int x = 0; x < width; x++) {
                                int i = y * f.imageStride + x * 3;
                                byte v = p.picture() == Picture.BLACK ? 0 : (byte) ((x + y + frameNo) & 0xFF);
                                bb.put(i, v);
                                bb.put(i + 1, v);
                                bb.put(i + 2, (byte) (p.picture() == Picture.BLACK ? 0 : 128));
                            }
                        }
                        rec.setTimestamp(Math.round(frameNo * 1_000_000 / fps));
                        rec.record(f, avutil.AV_PIX_FMT_BGR24);
                        frameNo++;
                    }
                }
                t = end;
            }
            rec.stop();
        }
        return out;
    }

    /**
     * A recording in any container FFmpeg writes: a 300 Hz tone and, with a video codec, a moving
     * gradient at 25 fps ({@code .mpg} as MPEG program stream).
     *
     * @param videoCodec FFmpeg's encoder name, or blank for audio only
     */
    public static Path container(Path file, String videoCodec, String audioCodec, int rate, double seconds,
            int width, int height) throws IOException {
        boolean video = !videoCodec.isBlank();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), video ? width : 0, video ? height : 0, 1)) {
            if (video) {
                rec.setVideoCodecName(videoCodec);
                rec.setFrameRate(25);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                if (file.toString().endsWith(".mpg")) {
                    rec.setFormat("mpeg");
                }
            }
            rec.setAudioCodecName(audioCodec);
            rec.setSampleRate(rate);
            rec.start();
            short[] tone = new short[(int) (rate * seconds)];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / rate));
            }
            rec.recordSamples(rate, 1, ShortBuffer.wrap(tone));
            if (video) {
                for (int i = 0; i < Math.round(seconds * 25); i++) {
                    Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
                    ByteBuffer bb = (ByteBuffer) f.image[0];
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width * 3; x++) {
                            bb.put(y * f.imageStride + x, (byte) (x / 3 + y + 4 * i));
                        }
                    }
                    rec.setTimestamp(i * 40_000L);
                    rec.record(f, avutil.AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
        return file;
    }

    /** Speech from espeak-ng as 16 kHz mono samples, if espeak-ng is installed. */
    public static Optional<short[]> espeak(String text, Path tmp) throws IOException, InterruptedException {
        Path wav = tmp.resolve("espeak-" + Math.abs(text.hashCode()) + ".wav");
        try {
            Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "-s", "150", text)
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(readAudio(wav));
    }

    /** Decodes any audio to 16 kHz mono samples. */
    public static short[] readAudio(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleRate(RATE);
            g.setAudioChannels(1);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            java.util.List<short[]> chunks = new java.util.ArrayList<>();
            Frame f;
            while ((f = g.grabSamples()) != null) {
                chunks.add(samplesOf(f));
            }
            return concat(chunks);
        }
    }

    /** The 16-bit samples of an audio frame, copied. */
    public static short[] samplesOf(Frame f) {
        ShortBuffer sb = (ShortBuffer) f.samples[0];
        short[] c = new short[sb.remaining()];
        sb.get(c);
        return c;
    }

    public static short[] concat(List<short[]> chunks) {
        short[] all = new short[chunks.stream().mapToInt(c -> c.length).sum()];
        int o = 0;
        for (short[] c : chunks) {
            System.arraycopy(c, 0, all, o, c.length);
            o += c.length;
        }
        return all;
    }

    /** Writes 16 kHz mono samples as WAV (PCM), with {@code leadMs} of silence before and after. */
    public static Path wav(Path out, short[] samples, long leadMs) throws IOException {
        int lead = (int) (leadMs * RATE / 1000);
        short[] all = new short[samples.length + 2 * lead];
        System.arraycopy(samples, 0, all, lead, samples.length);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 1)) {
            rec.setSampleRate(RATE);
            rec.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            rec.setFormat("wav");
            rec.start();
            rec.recordSamples(RATE, 1, ShortBuffer.wrap(all));
            rec.stop();
        }
        return out;
    }
}
