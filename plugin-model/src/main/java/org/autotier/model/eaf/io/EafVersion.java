package org.autotier.model.eaf.io;

import java.util.Optional;

/** The EAF versions autotier writes. Older files (2.0-2.6) are read and written as 2.7 or newer. */
public enum EafVersion {
    V2_7("2.7"),
    V2_8("2.8"),
    V3_0("3.0");

    private final String text;

    EafVersion(String text) {
        this.text = text;
    }

    /** The VERSION attribute value, for example "3.0". */
    public String text() {
        return text;
    }

    /** Name of the official schema file, for example "EAFv3.0.xsd". */
    public String schemaFileName() {
        return "EAFv" + text + ".xsd";
    }

    /** The xsi:noNamespaceSchemaLocation ELAN writes for this version. */
    public String schemaLocation() {
        return "http://www.mpi.nl/tools/elan/" + schemaFileName();
    }

    /** Whether CVs use the multilingual CV_ENTRY_ML shape (2.8 and newer). */
    public boolean multilingualVocabularies() {
        return this != V2_7;
    }

    public static Optional<EafVersion> of(String text) {
        for (EafVersion v : values()) {
            if (v.text.equals(text == null ? null : text.trim())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The version to write a document read with this VERSION attribute: itself if supported, else 3.0. */
    public static EafVersion forWriting(String documentVersion) {
        return of(documentVersion).orElse(V3_0);
    }

    /**
     * The version to write {@code doc} as: the one it says it is, or 3.0 when it holds what only
     * 3.0 can (fuzzing found a "2.8" file with REF_LINK_SETs; ELAN reads such files). Never a
     * version that would drop data, so a document that was read can always be written back.
     */
    public static EafVersion forWriting(org.autotier.model.eaf.EafDocument doc) {
        EafVersion stated = forWriting(doc.version());
        return EafConversion.losses(doc, stated).isEmpty() ? stated : V3_0;
    }

    public static EafVersion parse(String text) {
        return of(text).orElseThrow(() -> new IllegalArgumentException(
                "unsupported EAF version \"" + text + "\"; autotier writes 2.7, 2.8 and 3.0"));
    }
}
