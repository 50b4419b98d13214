package org.autotier.core.media;

import java.nio.file.Path;

/**
 * What a media file holds.
 *
 * @param durationMs length in milliseconds (0 when the container does not say)
 * @param hasVideo whether a video stream exists (audio-only files give speech tiers only)
 */
public record MediaInfo(Path file, long durationMs, boolean hasAudio, boolean hasVideo, int width, int height,
        double frameRate, String videoCodec, String audioCodec, String mimeType) {
}
