package org.autotier.core.media;

import java.io.IOException;
import java.nio.file.Path;

/** A media file cannot be used; the message names the file and the cause. */
public class MediaException extends IOException {
    private static final long serialVersionUID = 1L;

    public MediaException(Path file, String cause) {
        super(file + ": " + cause);
    }

    public MediaException(Path file, String cause, Throwable t) {
        super(file + ": " + cause, t);
    }
}
