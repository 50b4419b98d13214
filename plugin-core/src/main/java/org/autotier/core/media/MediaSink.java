package org.autotier.core.media;

/**
 * Receives decoded media, each stream in time order. Audio comes on the calling thread, video on
 * the decoder's video thread, and progress on either (never on both at once). Implementations must
 * not keep the arrays.
 */
public interface MediaSink {
    /** 16 kHz mono 16-bit samples; {@code startSample} counts from the start of the file. */
    void audio(short[] samples, int length, long startSample);

    /** A video frame sampled at the analysis rate. */
    void video(VideoFrame frame);

    /**
     * Progress in [0, 1] for progress bars and watchdogs, rising; called now and then. With video, the
     * share of the slower stream (the video, as a rule), so it moves as long as decoding does.
     */
    default void progress(double fraction) {
    }
}
