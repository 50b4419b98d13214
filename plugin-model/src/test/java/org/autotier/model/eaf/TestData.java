package org.autotier.model.eaf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.autotier.model.eaf.io.EafException;
import org.autotier.model.eaf.io.EafReader;

/** Test fixtures: the shipped EAF fixtures, and ../shared/data when it exists (CI has it). */
public final class TestData {
    private TestData() {
    }

    /** ../shared/data, when present. */
    public static Optional<Path> sharedData() {
        String p = System.getProperty("autotier.shared.data");
        Path dir = p != null ? Paths.get(p) : Paths.get("..", "..", "shared", "data");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The official schema folder in ../shared, when present. */
    public static Optional<Path> schemas() {
        return sharedData().map(d -> d.resolve("eaf/schemas")).filter(Files::isDirectory);
    }

    /** Every .eaf under ../shared/data/eaf, or an empty list. */
    public static List<Path> sharedEafFiles() throws IOException {
        Optional<Path> d = sharedData().map(x -> x.resolve("eaf"));
        if (d.isEmpty() || !Files.isDirectory(d.get())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d.get())) {
            return s.filter(f -> f.toString().endsWith(".eaf")).sorted().toList();
        }
    }

    public static EafDocument fixture(String name) throws IOException, EafException {
        try (InputStream in = TestData.class.getResourceAsStream("/eaf/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return EafReader.read(in, name);
        }
    }

    public static Path fixturePath(String name, Path tmp) throws IOException {
        Path f = tmp.resolve(name);
        try (InputStream in = TestData.class.getResourceAsStream("/eaf/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }
}
