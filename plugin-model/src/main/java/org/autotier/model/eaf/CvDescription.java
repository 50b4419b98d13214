package org.autotier.model.eaf;

/** DESCRIPTION of a CV in one language (EAF 2.8+). */
public record CvDescription(String langRef, String text) {
    public CvDescription {
        text = text == null ? "" : text;
    }
}
