package org.autotier.model.eaf.io;

/**
 * The file uses XML features that EAF never needs and attacks do: a DOCTYPE, entity
 * declarations, or external entities (XXE, billion laughs). Nothing of it was expanded.
 */
public class EafSecurityException extends EafParseException {
    private static final long serialVersionUID = 1L;

    public EafSecurityException(String source, int line, int column, String reason) {
        super(source, line, column, reason, null);
    }
}
