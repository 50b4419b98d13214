package org.autotier.model.eaf;

import java.util.Objects;

/** LANGUAGE (EAF 2.8+). */
public record Language(String id, String definition, String label) {
    public Language {
        Objects.requireNonNull(id, "LANG_ID");
    }
}
