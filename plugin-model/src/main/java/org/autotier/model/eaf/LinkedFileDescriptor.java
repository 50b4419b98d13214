package org.autotier.model.eaf;

import java.util.Objects;

/** LINKED_FILE_DESCRIPTOR: a secondary file such as a time series. Null means absent. */
public record LinkedFileDescriptor(String linkUrl, String relativeLinkUrl, String mimeType, Long timeOrigin,
        String associatedWith) {
    public LinkedFileDescriptor {
        Objects.requireNonNull(linkUrl, "LINK_URL");
        Objects.requireNonNull(mimeType, "MIME_TYPE");
    }
}
