package org.autotier.model.eaf;

import java.util.Objects;

/** LEXICON_REF: a lexicon service a linguistic type may be linked to. */
public record LexiconRef(String id, String name, String type, String url, String lexiconId, String lexiconName,
        String datcatId, String datcatName) {
    public LexiconRef {
        Objects.requireNonNull(id, "LEX_REF_ID");
    }
}
