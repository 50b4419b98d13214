package org.autotier.model.eaf.io;

import java.util.List;

/** The document holds data that the requested EAF version cannot represent; nothing was written. */
public class EafVersionException extends EafException {
    private static final long serialVersionUID = 1L;
    private final List<String> losses;

    public EafVersionException(String source, EafVersion target, List<String> losses) {
        super(source, "cannot write EAF " + target.text() + " without losing data: " + String.join("; ", losses), null);
        this.losses = List.copyOf(losses);
    }

    public List<String> losses() {
        return losses;
    }
}
