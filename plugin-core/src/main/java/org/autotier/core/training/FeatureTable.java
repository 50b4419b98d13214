package org.autotier.core.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.autotier.core.features.AudioFeatureConfig;
import org.autotier.core.features.AudioFeatureExtractor;
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
            List<Clip> out = new ArrayList<>();
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
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decodes a clip (or its [start, end) part) to 16 kHz and extracts the features. */
    public static float[][] features(Sample s, AudioFeatureConfig config) throws IOException {
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
        return new AudioFeatureExtractor(config).extract(buf[0], n[0]);
    }
}
