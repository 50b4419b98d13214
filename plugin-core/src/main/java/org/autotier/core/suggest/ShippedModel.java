package org.autotier.core.suggest;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The model autotier ships: {@code models/emotion-audio} under the installation ({@code autotier.home}). */
public final class ShippedModel {
    private ShippedModel() {
    }

    public static Path path() {
        String home = System.getProperty("autotier.home", ".");
        return Paths.get(home, "models", "emotion-audio");
    }
}
