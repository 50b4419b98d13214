package org.autotier.model.eaf.io;

import java.io.IOException;

/** Base of every EAF I/O failure; the message always names the file. */
public class EafException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String source;

    public EafException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file (or stream name) the failure concerns. */
    public String source() {
        return source;
    }
}
