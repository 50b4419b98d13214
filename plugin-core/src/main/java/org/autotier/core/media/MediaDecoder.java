package org.autotier.core.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Streams a media file once with FFmpeg (JavaCV): audio resampled to 16 kHz mono, video frames
 * scaled to an analysis width and sampled at an analysis rate. Nothing is held beyond one frame,
 * so memory stays flat however long the recording is.
 */
public final class MediaDecoder {

    public static final int SAMPLE_RATE = 16_000;

    static {
        // FFmpeg's own lines ("moov atom not found") would reach the user's terminal and ELAN's
        // report beside autotier's message, which already names the file and the cause; they are
        // shown with -Dautotier.debug=true.
        avutil.av_log_set_level(Boolean.getBoolean("autotier.debug") ? avutil.AV_LOG_INFO : avutil.AV_LOG_QUIET);
    }

    private final double analysisFps;
    private final int analysisWidth;

    /**
     * @param analysisFps video frames per second handed to the sink (default 10)
     * @param analysisWidth width frames are scaled to, keeping the aspect ratio (default 320)
     */
    public MediaDecoder(double analysisFps, int analysisWidth) {
        if (analysisFps <= 0 || analysisWidth < 32) {
            throw new IllegalArgumentException("analysis fps must be > 0 and width >= 32");
        }
        this.analysisFps = analysisFps;
        this.analysisWidth = analysisWidth;
    }

    /** Opens the file, checks its streams, and reports what it holds without decoding it. */
    public static MediaInfo probe(Path file) throws MediaException {
        FFmpegFrameGrabber g = startAudio(file);
        try {
            return info(file, g);
        } finally {
            close(g);
        }
    }

    private static void checkReadable(Path file) throws MediaException {
        if (!Files.exists(file)) {
            throw new MediaException(file, "no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new MediaException(file, "not a readable file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaException(file, "the file is empty (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static MediaInfo info(Path file, FFmpegFrameGrabber g) {
        boolean video = g.hasVideo() && g.getImageWidth() > 0;
        boolean audio = g.hasAudio() && g.getAudioChannels() > 0;
        long durationMs = Math.max(0, g.getLengthInTime() / 1000);
        return new MediaInfo(file, durationMs, audio, video, video ? g.getImageWidth() : 0,
                video ? g.getImageHeight() : 0, video ? g.getFrameRate() : 0, video ? g.getVideoCodecName() : null,
                audio ? g.getAudioCodecName() : null, MimeTypes.of(file, video));
    }

    private static String explain(Throwable e) {
        // JavaCV's advice to its own programmers means nothing to a user (seen in the media fuzzing)
        String m = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                .replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "").trim();
        if (m.contains("swr_init")) {
            return "the audio stream is corrupt: its sample format or layout cannot be converted (" + m + ")";
        }
        if (m.contains("avformat_open_input") || m.contains("Invalid data")) {
            return "not a media file FFmpeg can read, or the file is corrupt (" + m + ")";
        }
        if (m.contains("avformat_find_stream_info")) {
            return "corrupt or truncated media: no stream information (" + m + ")";
        }
        if (m.contains("avcodec_open2") || m.contains("codec")) {
            return "unsupported codec (" + m + ")";
        }
        return m;
    }

    private static void close(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing useful to add to the first error
        }
    }

    /**
     * Decodes the whole file into {@code sink}: audio on the calling thread, video on a second
     * thread with its own demuxer, so that on two cores video decoding overlaps everything else
     * and frames that will not be analysed are never converted.
     *
     * @return what the file holds
     * @throws MediaException if the file cannot be decoded, has no audio, or ends before any
     *         audio could be read
     */
    public MediaInfo decode(Path file, MediaSink sink) throws MediaException {
        // the audio demuxer also answers the probe: a short clip is opened once for audio, not twice
        FFmpegFrameGrabber audio = startAudio(file);
        try {
            return decode(file, sink, audio);
        } finally {
            close(audio);
        }
    }

    private MediaInfo decode(Path file, MediaSink sink, FFmpegFrameGrabber audio) throws MediaException {
        MediaInfo info = info(file, audio);
        if (!info.hasAudio()) {
            throw new MediaException(file, "no audio stream: autotier needs speech to find segments");
        }
        Thread video = null;
        Throwable[] videoError = new Throwable[1];
        StreamProgress progress = new StreamProgress(sink, info.hasVideo());
        if (info.hasVideo()) {
            video = new Thread(() -> {
                try {
                    pumpVideo(file, info, sink, progress);
                } catch (Throwable t) {
                    videoError[0] = t;
                }
            }, "autotier-video-decoder");
            video.setDaemon(true);
            video.start();
        }
        try {
            pumpAudio(file, info, audio, sink, progress::audio);
        } finally {
            if (video != null) {
                try {
                    video.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (videoError[0] instanceof MediaException me) {
            throw me;
        }
        if (videoError[0] != null) {
            throw new MediaException(file, "video: " + explain(videoError[0]), videoError[0]);
        }
        sink.progress(1.0);
        return info;
    }

    /**
     * Decodes only the audio of a file (16 kHz mono) into {@code sink}; video is never decoded.
     * For feature extraction, where frames are not needed.
     */
    public static MediaInfo decodeAudio(Path file, MediaSink sink) throws MediaException {
        FFmpegFrameGrabber g = startAudio(file);
        try {
            MediaInfo info = info(file, g);
            if (!info.hasAudio()) {
                throw new MediaException(file, "no audio stream");
            }
            pumpAudio(file, info, g, sink, sink::progress);
            sink.progress(1.0);
            return info;
        } finally {
            close(g);
        }
    }

    /** Opens the file for 16 kHz mono audio; what it holds can be read off the started grabber. */
    private static FFmpegFrameGrabber startAudio(Path file) throws MediaException {
        checkReadable(file);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setSampleRate(SAMPLE_RATE);
        g.setAudioChannels(1);
        g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            close(g);
            throw new MediaException(file, explain(e), e);
        }
    }

    /**
     * The progress of a decode with video: the slower of its two streams. Audio alone decodes many
     * times faster than video, so its share would reach the end while the video still has most of
     * the recording to go (minutes on a long one), and a watchdog waiting for progress would take
     * the wait for a hang (ChildEngine).
     */
    private static final class StreamProgress {
        private final MediaSink sink;
        private final boolean hasVideo;
        private double audio;
        private double video;
        private double reported = -1;

        StreamProgress(MediaSink sink, boolean hasVideo) {
            this.sink = sink;
            this.hasVideo = hasVideo;
        }

        synchronized void audio(double fraction) {
            audio = fraction;
            report();
        }

        synchronized void video(double fraction) {
            video = fraction;
            report();
        }

        private void report() {
            double p = hasVideo ? Math.min(audio, video) : audio;
            if (p > reported) {
                reported = p;
                sink.progress(p);
            }
        }
    }

    private static void pumpAudio(Path file, MediaInfo info, FFmpegFrameGrabber g, MediaSink sink,
            java.util.function.DoubleConsumer progress) throws MediaException {
        try {
            short[] audio = new short[4096];
            long samples = 0;
            long lastProgressMs = -1;
            Frame f;
            while ((f = g.grabFrame(true, false, true, false, false)) != null) {
                if (f.samples == null || f.samples.length == 0) {
                    continue;
                }
                ShortBuffer sb = (ShortBuffer) f.samples[0];
                sb.rewind();
                int n = sb.remaining();
                if (audio.length < n) {
                    audio = new short[n];
                }
                sb.get(audio, 0, n);
                sink.audio(audio, n, samples);
                samples += n;
                long nowMs = samples * 1000 / SAMPLE_RATE;
                if (info.durationMs() > 0 && nowMs - lastProgressMs >= 1000) {
                    progress.accept(Math.min(0.99, (double) nowMs / info.durationMs()));
                    lastProgressMs = nowMs;
                }
            }
            if (samples == 0) {
                throw new MediaException(file, "no audio could be decoded: the file is corrupt or truncated");
            }
            progress.accept(0.99); // all of it: a duration that overstates the audio must not hold the video back
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new MediaException(file, explain(e), e);
        }
    }

    private void pumpVideo(Path file, MediaInfo info, MediaSink sink, StreamProgress progress) throws MediaException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        int w = Math.min(analysisWidth, info.width());
        int h = Math.max(2, (int) Math.round((double) info.height() * w / info.width()) & ~1);
        g.setImageWidth(w);
        g.setImageHeight(h);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        // libavcodec picks its thread count ("0"); measured fastest on 2 cores against 1 or 2
        // (docs/benchmarks.md). -Dautotier.decoder.threads overrides it.
        g.setVideoOption("threads", System.getProperty("autotier.decoder.threads", "0"));
        g.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR);
        try {
            g.start();
            double frameStepMs = 1000.0 / analysisFps;
            double sourceStepMs = info.frameRate() > 0 ? 1000.0 / info.frameRate() : frameStepMs;
            double nextFrameMs = 0;
            double lastMs = -sourceStepMs;
            byte[] rgb = null;
            long lastProgressMs = -1;
            Frame f;
            while (true) {
                // convert (scale to RGB) only frames that will be analysed: predict the next timestamp
                boolean convert = lastMs + sourceStepMs + sourceStepMs / 2 >= nextFrameMs;
                f = g.grabFrame(false, true, convert, false, false);
                if (f == null) {
                    break;
                }
                if (f.image == null || f.image.length == 0) {
                    continue;
                }
                long tMs = Math.max(0, f.timestamp / 1000);
                lastMs = tMs;
                if (info.durationMs() > 0 && tMs - lastProgressMs >= 1000) {
                    progress.video(Math.min(0.99, (double) tMs / info.durationMs()));
                    lastProgressMs = tMs;
                }
                if (!convert || tMs + sourceStepMs / 2 < nextFrameMs) {
                    continue;
                }
                int stride = f.imageStride;
                ByteBuffer bb = (ByteBuffer) f.image[0];
                if (rgb == null || rgb.length != f.imageWidth * f.imageHeight * 3) {
                    rgb = new byte[f.imageWidth * f.imageHeight * 3];
                }
                for (int y = 0; y < f.imageHeight; y++) {
                    bb.position(y * stride);
                    bb.get(rgb, y * f.imageWidth * 3, f.imageWidth * 3);
                }
                sink.video(new VideoFrame(tMs, f.imageWidth, f.imageHeight, rgb));
                nextFrameMs = Math.max(nextFrameMs + frameStepMs, tMs + frameStepMs * 0.5);
            }
            progress.video(0.99);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new MediaException(file, explain(e), e);
        } finally {
            close(g);
        }
    }

    /** The analysis rate, frames per second. */
    public double analysisFps() {
        return analysisFps;
    }

    static String lower(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
