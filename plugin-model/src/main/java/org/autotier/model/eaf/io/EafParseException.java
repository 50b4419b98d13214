package org.autotier.model.eaf.io;

/** The file is not well-formed XML, or not an EAF document; line and column are 1-based (-1 unknown). */
public class EafParseException extends EafException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final String reason;

    public EafParseException(String source, int line, int column, String reason, Throwable cause) {
        super(source, (line > 0 ? "line " + line + ", column " + column + ": " : "") + reason, cause);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
