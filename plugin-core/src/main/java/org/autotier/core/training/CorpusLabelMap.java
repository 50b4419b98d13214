package org.autotier.core.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a corpus's labels map onto a model's label set: by default {@link LabelSet#indexOf} (the
 * same name, else the same emotion: anger → angry, happiness → happy, fear → fearful, calm →
 * neutral where the set has no calm; no counterpart → left out). A mapping file overrides it, one
 * {@code corpus-label = model-label} per line ({@code #} starts a comment); an empty right side
 * leaves that label out.
 */
public record CorpusLabelMap(Map<String, String> overrides) {
    public static final CorpusLabelMap DEFAULT = new CorpusLabelMap(Map.of());

    public CorpusLabelMap {
        overrides = Map.copyOf(overrides);
    }

    public static CorpusLabelMap read(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the label mapping: " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ":" + (i + 1) + ": expected corpus-label = model-label, got \"" + line
                        + "\"");
            }
            m.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
        }
        return new CorpusLabelMap(m);
    }

    /** Whether the mapping file has a line for this corpus label. */
    public boolean overrides(String corpusLabel) {
        return overrides.containsKey(corpusLabel.trim().toLowerCase(Locale.ROOT));
    }

    /** The model class of a corpus label, or empty when it is left out. */
    public Optional<Integer> indexOf(String corpusLabel, LabelSet labels) {
        String key = corpusLabel.trim().toLowerCase(Locale.ROOT);
        if (overrides.containsKey(key)) {
            String target = overrides.get(key);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            int i = labels.labels().indexOf(target);
            if (i < 0) {
                throw new IllegalArgumentException("label mapping: \"" + corpusLabel + " = " + target + "\": "
                        + labels.name() + " has no label " + target + "; it has " + labels.labels());
            }
            return Optional.of(i);
        }
        return labels.indexOf(key);
    }
}
