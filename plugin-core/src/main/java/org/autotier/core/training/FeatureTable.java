package org.autotier.core.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.autotier.core.augment.AudioAugmentation;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.features.AudioFeatureExtractor;
import org.autotier.core.features.PitchTracker;
import org.autotier.core.media.MediaDecoder;
import org.autotier.core.media.MediaSink;
import org.autotier.core.media.VideoFrame;

/** Audio features of every sample of a corpus, extracted in parallel. */
public final class FeatureTable {

    /**
     * One sample's audio frames [T][D] with its label and speaker, and the speaker's face
     * embeddings [Tv][256] at 10 fps when the media has video (empty otherwise).
     */
    public record Clip(float[][] frames, int label, String speaker, float[][] visual) {
        public Clip(float[][] frames, int label, String speaker) {
            this(frames, label, speaker, new float[0][]);
        }

        public boolean hasVisual() {
            return visual != null && visual.length > 0;
        }
    }

    private FeatureTable() {
    }

    public static List<Clip> extract(List<Sample> samples, AudioFeatureConfig config, int threads, IntConsumer done)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Clip>> futures = new ArrayList<>();
            for (Sample s : samples) {
                futures.add(pool.submit(() -> new Clip(features(s, config), s.label(), s.speaker())));
            }
            return collect(futures, samples, done);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each sample's clip (raw frames, not normalised) and, when asked, its
     * {@link UtteranceFunctionals} (else null), from one decoding of its audio: the frames and the
     * pitch track read the same samples.
     */
    public record Extracted(List<Clip> clips, List<double[]> functionals) {
    }

    private record ClipAndFunctionals(Clip clip, double[] functionals) {
    }

    public static Extracted extract(List<Sample> samples, AudioFeatureConfig config, int threads,
            boolean withFunctionals) throws IOException {
        return extractEach(samples, config, threads, withFunctionals, s -> decode(s), Sample::speaker);
    }

    /**
     * Each sample in another voice ({@link AudioAugmentation#pitchShift} by {@code semitones}, the
     * tempo kept): its clip, speaker renamed {@code speaker@semitones} so that a shifted speaker is
     * a speaker of their own, and its {@link UtteranceFunctionals}.
     */
    public static Extracted inAnotherVoice(List<Sample> samples, AudioFeatureConfig config, double semitones,
            int threads) throws IOException {
        return extractEach(samples, config, threads, true, s -> {
            short[] decoded = decode(s);
            return AudioAugmentation.toShort(AudioAugmentation.pitchShift(
                    AudioAugmentation.toFloat(decoded, decoded.length), semitones));
        }, s -> voiceName(s.speaker(), semitones));
    }

    /** Where a sample's samples come from: decoded, and perhaps changed. */
    private interface Audio {
        short[] of(Sample s) throws IOException;
    }

    private static Extracted extractEach(List<Sample> samples, AudioFeatureConfig config, int threads,
            boolean withFunctionals, Audio audio, java.util.function.Function<Sample, String> speaker)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<ClipAndFunctionals>> futures = new ArrayList<>();
            for (Sample s : samples) {
                futures.add(pool.submit(() -> {
                    short[] pcm = audio.of(s);
                    float[][] frames = new AudioFeatureExtractor(config).extract(pcm, pcm.length);
                    double[] functionals = !withFunctionals ? null : functionals(pcm, frames, config);
                    return new ClipAndFunctionals(new Clip(frames, s.label(), speaker.apply(s)), functionals);
                }));
            }
            List<ClipAndFunctionals> both = collect(futures, samples, n -> { });
            return new Extracted(both.stream().map(ClipAndFunctionals::clip).toList(),
                    withFunctionals ? both.stream().map(ClipAndFunctionals::functionals).toList() : null);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The name of a speaker heard in another voice. */
    private static String voiceName(String speaker, double semitones) {
        return speaker + "@" + String.format(java.util.Locale.ROOT, "%+.0f", semitones);
    }

    /** Decodes a clip (or its [start, end) part) to 16 kHz and extracts the features. */
    public static float[][] features(Sample s, AudioFeatureConfig config) throws IOException {
        short[] pcm = decode(s);
        return new AudioFeatureExtractor(config).extract(pcm, pcm.length);
    }

    /**
     * {@code copies} augmented versions of every sample ({@link AudioAugmentation#randomChain}, in
     * another voice too when {@code pitch}), each decoded once; copy k of sample i always draws from
     * the same random stream, so a training run is reproducible. Returns, per sample, its copies.
     */
    public static List<List<Clip>> augmented(List<Sample> samples, List<Clip> originals, AudioFeatureConfig config,
            int copies, long seed, boolean codec, boolean pitch, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<List<Clip>>> futures = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                Clip original = originals.get(i);
                long streamSeed = copySeed(s, seed);
                futures.add(pool.submit(() -> {
                    short[] pcm = decode(s);
                    float[] x = AudioAugmentation.toFloat(pcm, pcm.length);
                    AudioFeatureExtractor extractor = new AudioFeatureExtractor(config);
                    java.util.Random r = new java.util.Random(streamSeed);
                    List<Clip> out = new ArrayList<>();
                    for (int k = 0; k < copies; k++) {
                        short[] y = AudioAugmentation.toShort(AudioAugmentation.randomChain(x, r, codec, pitch,
                                new ArrayList<>()));
                        out.add(new Clip(extractor.extract(y, y.length), s.label(), s.speaker(), original.visual()));
                    }
                    return out;
                }));
            }
            return collect(futures, samples, n -> { });
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The seed of a sample's augmented copies: from what names the clip, not from how the corpus's
     * folder was spelled on the command line (../shared/data and /work/shared/data gave different
     * copies, so different models).
     */
    static long copySeed(Sample s, long seed) {
        return seed * 1_000_003L + (s.corpus() + "/" + s.media().getFileName()).hashCode() * 31L + s.startMs();
    }

    /** The utterance statistics of a clip's 16 kHz samples and their frames (the second expert's input). */
    static double[] functionals(short[] pcm, float[][] frames, AudioFeatureConfig config) {
        return UtteranceFunctionals.of(frames, PitchTracker.track(pcm, pcm.length), pcm, config.mfcc(),
                config.melBands());
    }

    /** Each sample's result in order; a failure names the sample's media. */
    static <T> List<T> collect(List<Future<T>> futures, List<Sample> samples, IntConsumer done)
            throws IOException {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io
                        : new IOException(samples.get(i).media() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            done.accept(i + 1);
        }
        return out;
    }

    /** A clip's (or its [start, end) part's) audio at 16 kHz mono. */
    public static short[] decode(Sample s) throws IOException {
        short[][] buf = {new short[16_000 * 8]};
        int[] n = {0};
        long from = s.startMs() * 16;
        long to = s.endMs() < 0 ? Long.MAX_VALUE : s.endMs() * 16;
        // audio only: a video corpus must not pay for decoding its frames here
        MediaDecoder.decodeAudio(s.media(), new MediaSink() {
            @Override
            public void audio(short[] samples, int length, long startSample) {
                for (int i = 0; i < length; i++) {
                    long t = startSample + i;
                    if (t >= from && t < to) {
                        if (n[0] == buf[0].length) {
                            buf[0] = java.util.Arrays.copyOf(buf[0], buf[0].length * 2);
                        }
                        buf[0][n[0]++] = samples[i];
                    }
                }
            }

            @Override
            public void video(VideoFrame frame) {
                // never called: decodeAudio does not decode video
            }
        });
        return java.util.Arrays.copyOf(buf[0], n[0]);
    }
}
