package org.autotier.core.augment;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaSink;
import org.autotier.core.media.VideoFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Augmentation of the audio itself, before the features (docs/model-card.md measures each): the
 * recording conditions a lab's material differs in, so a model trained on studio speech does not
 * learn the studio. Every operation takes 16 kHz mono samples scaled to [-1, 1] and returns a new
 * array; none changes its input. {@link #randomChain} draws a few of them per training copy.
 */
public final class AudioAugmentation {
    public static final int RATE = 16_000;

    private AudioAugmentation() {
    }

    /** Scales by {@code db} decibels (clipped at full scale). */
    public static float[] gain(float[] x, double db) {
        float g = (float) Math.pow(10, db / 20);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(-1f, Math.min(1f, x[i] * g));
        }
        return y;
    }

    /** Root mean square. */
    public static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s / Math.max(1, x.length));
    }

    /**
     * Adds noise at {@code snrDb} below the signal's power: white, or pink (−3 dB per octave, by
     * Paul Kellet's economy filter) when {@code pink}.
     */
    public static float[] noise(float[] x, double snrDb, boolean pink, Random r) {
        float[] n = new float[x.length];
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        for (int i = 0; i < n.length; i++) {
            double w = r.nextGaussian();
            if (pink) {
                b0 = 0.99765 * b0 + w * 0.0990460;
                b1 = 0.96300 * b1 + w * 0.2965164;
                b2 = 0.57000 * b2 + w * 1.0526913;
                n[i] = (float) (b0 + b1 + b2 + w * 0.1848);
            } else {
                n[i] = (float) w;
            }
        }
        double scale = rms(x) / Math.max(1e-12, rms(n)) / Math.pow(10, snrDb / 20);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(-1f, Math.min(1f, (float) (x[i] + scale * n[i])));
        }
        return y;
    }

    /**
     * Shapes the spectrum: keeps {@code lowHz}–{@code highHz} (edges falling 30 dB per octave) and tilts
     * it by {@code tiltDbPerOctave} around 1 kHz: a telephone, a cheap microphone, a far camera.
     */
    public static float[] equalize(float[] x, double lowHz, double highHz, double tiltDbPerOctave) {
        int n = Integer.highestOneBit(Math.max(2, x.length - 1)) << 1;
        double[] buf = new double[n];
        for (int i = 0; i < x.length; i++) {
            buf[i] = x[i];
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.realForward(buf);
        for (int k = 0; k <= n / 2; k++) {
            double f = (double) k * RATE / n;
            double g = gainAt(f, lowHz, highHz, tiltDbPerOctave);
            if (k == 0) {
                buf[0] *= g;
            } else if (k == n / 2) {
                buf[1] *= g;
            } else {
                buf[2 * k] *= g;
                buf[2 * k + 1] *= g;
            }
        }
        fft.realInverse(buf, true);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) Math.max(-1, Math.min(1, buf[i]));
        }
        return y;
    }

    /** The equaliser's gain (amplitude) at {@code f} Hz. */
    public static double gainAt(double f, double lowHz, double highHz, double tiltDbPerOctave) {
        double fr = Math.max(f, 1);
        double order = 5; // amplitude ∝ f^5 outside the band: 30 dB per octave
        double g = 1;
        if (fr < lowHz) {
            g *= Math.pow(fr / lowHz, order);
        }
        if (fr > highHz) {
            g *= Math.pow(highHz / fr, order);
        }
        g *= Math.pow(10, tiltDbPerOctave * (Math.log(fr / 1000) / Math.log(2)) / 20);
        return Math.min(g, 10);
    }

    /**
     * Room reverberation: the signal convolved with a synthetic impulse response (the direct
     * path, then exponentially decaying noise reaching −60 dB after {@code rt60} seconds), mixed
     * back to the input's level.
     */
    public static float[] reverb(float[] x, double rt60, Random r) {
        int len = (int) (rt60 * RATE);
        double[] ir = new double[Math.max(1, len)];
        ir[0] = 1;
        double decay = Math.log(1000) / Math.max(1, len);
        for (int i = 1; i < ir.length; i++) {
            ir[i] = 0.3 * r.nextGaussian() * Math.exp(-decay * i);
        }
        int n = Integer.highestOneBit(Math.max(2, x.length + ir.length - 1)) << 1;
        double[] a = new double[2 * n];
        double[] b = new double[2 * n];
        for (int i = 0; i < x.length; i++) {
            a[2 * i] = x[i];
        }
        for (int i = 0; i < ir.length; i++) {
            b[2 * i] = ir[i];
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.complexForward(a);
        fft.complexForward(b);
        for (int k = 0; k < n; k++) {
            double re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
            double im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
            a[2 * k] = re;
            a[2 * k + 1] = im;
        }
        fft.complexInverse(a, true);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) a[2 * i];
        }
        double scale = rms(x) / Math.max(1e-12, rms(y));
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.max(-1, Math.min(1, y[i] * scale));
        }
        return y;
    }

    /**
     * Speed perturbation by resampling (tempo and pitch together, as in Kaldi's 0.9/1.0/1.1
     * recipe): {@code factor} > 1 is faster and higher. Linear interpolation.
     */
    public static float[] speed(float[] x, double factor) {
        int n = (int) Math.floor((x.length - 1) / factor) + 1;
        float[] y = new float[Math.max(1, n)];
        for (int i = 0; i < y.length; i++) {
            double t = i * factor;
            int k = (int) t;
            double frac = t - k;
            float a = x[Math.min(k, x.length - 1)];
            float b = x[Math.min(k + 1, x.length - 1)];
            y[i] = (float) (a + frac * (b - a));
        }
        return y;
    }

    /**
     * Another voice: pitch and formants moved together by {@code semitones} (a shorter or longer
     * vocal tract, as a child's or a deeper voice), tempo kept, through FFmpeg's filters (resampled
     * by 2^(semitones/12), then stretched back to the original duration by {@code atempo}, a
     * WSOLA). Unlike {@link #speed} it leaves the speaking rate, itself a cue to emotion, as it was.
     * Returns exactly {@code x.length} samples.
     */
    public static float[] pitchShift(float[] x, double semitones) throws IOException {
        double factor = Math.pow(2, semitones / 12);
        // atempo takes 0.5-2 per stage: ±12 semitones in one
        if (factor < 0.5 || factor > 2) {
            throw new IllegalArgumentException("pitch shift of " + semitones + " semitones is outside ±12");
        }
        String graph = String.format(java.util.Locale.ROOT, "asetrate=%.4f,aresample=%d,atempo=%.8f", RATE * factor,
                RATE, 1 / factor);
        float[] y = new float[x.length];
        int n = 0;
        try (FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, 1)) {
            filter.setSampleRate(RATE);
            filter.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            filter.start();
            Frame in = new Frame();
            in.sampleRate = RATE;
            in.audioChannels = 1;
            in.samples = new java.nio.Buffer[] {ShortBuffer.wrap(toShort(x))};
            filter.push(in);
            filter.push(null);
            Frame out;
            while ((out = filter.pullSamples()) != null) {
                ShortBuffer b = (ShortBuffer) out.samples[0];
                while (b.hasRemaining() && n < y.length) {
                    y[n++] = b.get() / 32768f;
                }
            }
            filter.stop();
        } catch (org.bytedeco.javacv.FrameFilter.Exception e) {
            throw new IOException("pitch shift (" + graph + "): " + e.getMessage(), e);
        }
        // the stretch ends a few ms short: the rest stays silent
        return y;
    }

    /** A lossy codec round trip through FFmpeg: encode at {@code kbps}, decode back to 16 kHz. */
    public static float[] codec(float[] x, Codec codec, int kbps) throws IOException {
        Path tmp = Files.createTempFile("autotier-codec", "." + codec.extension);
        try {
            short[] s = new short[x.length];
            for (int i = 0; i < x.length; i++) {
                s[i] = (short) Math.round(Math.max(-1, Math.min(1, x[i])) * 32767);
            }
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), 1)) {
                rec.setFormat(codec.format);
                rec.setAudioCodec(codec.id);
                rec.setSampleRate(codec.rate);
                rec.setAudioBitrate(kbps * 1000);
                rec.start();
                // the encoder resamples 16 kHz to its own rate
                rec.recordSamples(RATE, 1, ShortBuffer.wrap(s));
                rec.stop();
            }
            float[][] out = {new float[x.length + RATE]};
            int[] n = {0};
            MediaDecoder.decodeAudio(tmp, new MediaSink() {
                @Override
                public void audio(short[] samples, int length, long startSample) {
                    for (int i = 0; i < length; i++) {
                        if (n[0] == out[0].length) {
                            out[0] = java.util.Arrays.copyOf(out[0], out[0].length * 2);
                        }
                        out[0][n[0]++] = samples[i] / 32768f;
                    }
                }

                @Override
                public void video(VideoFrame frame) {
                    // audio only
                }
            });
            return java.util.Arrays.copyOf(out[0], n[0]);
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException("codec round trip (" + codec + "): " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The lossy codecs of the round trip. */
    public enum Codec {
        MP3("mp3", "mp3", avcodec.AV_CODEC_ID_MP3, 16_000),
        AAC("m4a", "ipod", avcodec.AV_CODEC_ID_AAC, 16_000),
        OPUS("ogg", "ogg", avcodec.AV_CODEC_ID_OPUS, 16_000);

        final String extension;
        final String format;
        final int id;
        final int rate;

        Codec(String extension, String format, int id, int rate) {
            this.extension = extension;
            this.format = format;
            this.id = id;
            this.rate = rate;
        }
    }

    /**
     * One random training copy: each operation applied with its own probability, in the order a
     * recording chain applies them (speaker speed, room, microphone, noise, codec, level).
     *
     * @param applied the names of what was done, for the log and the tests
     */
    public static float[] randomChain(float[] x, Random r, boolean withCodec, List<String> applied)
            throws IOException {
        return randomChain(x, r, withCodec, false, applied);
    }

    /**
     * {@link #randomChain(float[], Random, boolean, List)}, with {@code withPitch} first another voice
     * half of the time ({@link #pitchShift} by −3 to +5 semitones: from a deeper adult voice to a
     * child's, whose pitch and formants are 30-50% higher). Without it the random draws are those of
     * the chain before the option existed, so earlier models' copies are reproduced.
     */
    public static float[] randomChain(float[] x, Random r, boolean withCodec, boolean withPitch,
            List<String> applied) throws IOException {
        float[] y = x;
        if (withPitch && r.nextDouble() < 0.5) {
            double semitones = -3 + 8 * r.nextDouble();
            y = pitchShift(y, semitones);
            applied.add(String.format(java.util.Locale.ROOT, "pitch %+.1f st", semitones));
        }
        if (r.nextDouble() < 0.5) {
            double f = 0.9 + 0.2 * r.nextDouble();
            y = speed(y, f);
            applied.add(String.format(java.util.Locale.ROOT, "speed %.2f", f));
        }
        if (r.nextDouble() < 0.4) {
            double rt = 0.2 + 0.6 * r.nextDouble();
            y = reverb(y, rt, r);
            applied.add(String.format(java.util.Locale.ROOT, "reverb %.2f s", rt));
        }
        if (r.nextDouble() < 0.5) {
            double low = 50 + 250 * r.nextDouble();
            double high = 3400 + 4000 * r.nextDouble();
            double tilt = -3 + 6 * r.nextDouble();
            y = equalize(y, low, high, tilt);
            applied.add(String.format(java.util.Locale.ROOT, "eq %.0f-%.0f Hz %+.1f dB/oct", low, high, tilt));
        }
        if (r.nextDouble() < 0.6) {
            double snr = 5 + 25 * r.nextDouble();
            boolean pink = r.nextBoolean();
            y = noise(y, snr, pink, r);
            applied.add(String.format(java.util.Locale.ROOT, "%s noise %.0f dB", pink ? "pink" : "white", snr));
        }
        if (withCodec && r.nextDouble() < 0.3) {
            Codec c = Codec.values()[r.nextInt(Codec.values().length)];
            int kbps = c == Codec.OPUS ? 12 + r.nextInt(12) : 24 + r.nextInt(24);
            y = codec(y, c, kbps);
            applied.add(c.name().toLowerCase(java.util.Locale.ROOT) + " " + kbps + " kbps");
        }
        double db = -20 + 26 * r.nextDouble();
        double peak = 0;
        for (float v : y) {
            peak = Math.max(peak, Math.abs(v));
        }
        // never push the peak past full scale: clipping is not what level changes do
        db = Math.min(db, peak > 0 ? -20 * Math.log10(peak) : db);
        y = gain(y, db);
        applied.add(String.format(java.util.Locale.ROOT, "gain %+.1f dB", db));
        return y;
    }

    /** short PCM to [-1, 1] floats. */
    public static float[] toFloat(short[] s, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = s[i] / 32768f;
        }
        return y;
    }

    /** [-1, 1] floats to short PCM. */
    public static short[] toShort(float[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.round(Math.max(-1, Math.min(1, x[i])) * 32767);
        }
        return s;
    }

    /** Names of the operations, as docs/model-card.md lists them, with the pitch shift when asked. */
    public static List<String> operations(boolean withPitch) {
        List<String> out = new ArrayList<>();
        if (withPitch) {
            out.add("pitch and formants -3 to +5 semitones, tempo kept");
        }
        out.addAll(List.of("speed 0.9-1.1", "reverb RT60 0.2-0.8 s", "band-limit 50-300 to 3.4-7.4 kHz "
                + "with ±3 dB/octave tilt", "white or pink noise 5-30 dB SNR", "mp3/aac/opus 12-48 kbps",
                "gain -20 to +6 dB"));
        return out;
    }
}
