package org.autotier.model.eaf;

import java.util.Objects;

/**
 * One thing wrong with a document, found by {@link EafValidator} or refused by {@link EafEditor}.
 *
 * @param where the element it concerns, for example {@code TIER "words" / ANNOTATION "a12"}
 */
public record EafProblem(Severity severity, Kind kind, String where, String message) {

    public enum Severity { ERROR, WARNING }

    public enum Kind {
        /** Two elements share an ID that must be unique. */
        DUPLICATE_ID,
        /** A reference names an element that does not exist. */
        DANGLING_REFERENCE,
        /** A tier or annotation breaks its linguistic type's stereotype. */
        CONSTRAINT_VIOLATION,
        /** A value on a CV-controlled tier is not in its vocabulary. */
        CV_VIOLATION,
        /** Times out of order, or a negative span. */
        TIME_ORDER,
        /** The lastUsedAnnotationId property is missing or lower than an ID in use. */
        LAST_USED_ID,
        /** The official XSD rejects the file. */
        SCHEMA
    }

    public EafProblem {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(message);
        where = where == null ? "" : where;
    }

    public static EafProblem error(Kind kind, String where, String message) {
        return new EafProblem(Severity.ERROR, kind, where, message);
    }

    public static EafProblem warning(Kind kind, String where, String message) {
        return new EafProblem(Severity.WARNING, kind, where, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + " [" + kind + "] "
                + (where.isEmpty() ? "" : where + ": ") + message;
    }
}
