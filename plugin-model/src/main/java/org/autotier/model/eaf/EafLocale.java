package org.autotier.model.eaf;

import java.util.Objects;

/** LOCALE (named EafLocale to stay clear of java.util.Locale). */
public record EafLocale(String languageCode, String countryCode, String variant) {
    public EafLocale {
        Objects.requireNonNull(languageCode, "LANGUAGE_CODE");
    }
}
