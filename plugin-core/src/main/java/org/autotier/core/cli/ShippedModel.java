package org.autotier.core.cli;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The model autotier ships: {@code models/ravdess-audio} under the installation ({@code autotier.home}). */
final class ShippedModel {
    private ShippedModel() {
    }

    static Path path() {
        String home = System.getProperty("autotier.home", ".");
        return Paths.get(home, "models", "ravdess-audio");
    }
}
