package org.autotier.model.eaf;

import java.util.Objects;

/** MEDIA_DESCRIPTOR: a media file the annotations refer to. Null means the attribute is absent. */
public record MediaDescriptor(String mediaUrl, String relativeMediaUrl, String mimeType, Long timeOrigin,
        String extractedFrom) {
    public MediaDescriptor {
        Objects.requireNonNull(mediaUrl, "MEDIA_URL");
        Objects.requireNonNull(mimeType, "MIME_TYPE");
    }
}
