package org.autotier.core.media;

/**
 * One sampled video frame, downscaled for analysis: packed RGB, 3 bytes a pixel, row-major.
 * The buffer is reused by the decoder; copy what must outlive the callback.
 */
public record VideoFrame(long timeMs, int width, int height, byte[] rgb) {
}
