package org.autotier.model.eaf;

/** LICENSE (EAF 2.8+): free text with an optional URL. */
public record License(String text, String url) {
    public License {
        text = text == null ? "" : text;
    }
}
