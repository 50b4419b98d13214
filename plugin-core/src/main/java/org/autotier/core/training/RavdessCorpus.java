package org.autotier.core.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * RAVDESS file naming: modality-channel-emotion-intensity-statement-repetition-actor, for example
 * 03-01-05-02-01-01-12.wav is speech (channel 01), angry (05), strong, statement 1, actor 12.
 * Emotion codes 01-08: neutral, calm, happy, sad, angry, fearful, disgust, surprised.
 */
public final class RavdessCorpus {
    private static final Pattern NAME = Pattern.compile(
            "(\\d{2})-(\\d{2})-(0[1-8])-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})\\.(wav|mp4|flac|mp3)", Pattern.CASE_INSENSITIVE);

    private RavdessCorpus() {
    }

    /** The RAVDESS emotion name of a file name, if it follows the naming scheme. */
    public static java.util.Optional<String[]> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        String emotion = LabelSet.RAVDESS_LABELS.get(Integer.parseInt(m.group(3)) - 1);
        return java.util.Optional.of(new String[] {emotion, "actor" + m.group(7)});
    }

    /** Every clip under {@code dir} whose emotion the label set keeps, sorted by path. */
    public static List<Sample> scan(Path dir, LabelSet labels) throws IOException {
        return scan(dir, labels, CorpusLabelMap.DEFAULT);
    }

    /**
     * {@link #scan(Path, LabelSet)} where a mapping file's line for a RAVDESS emotion (such as
     * {@code calm = neutral}, or {@code surprised =} to leave it out) overrides the label set's own.
     */
    public static List<Sample> scan(Path dir, LabelSet labels, CorpusLabelMap map) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                var parsed = parse(p.getFileName().toString());
                if (parsed.isEmpty()) {
                    continue;
                }
                String emotion = parsed.get()[0];
                var index = map.overrides(emotion) ? map.indexOf(emotion, labels) : labels.indexOfRavdess(emotion);
                index.ifPresent(i -> out.add(new Sample(p, parsed.get()[1], i, 0, -1)));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no RAVDESS-named clips (like 03-01-05-02-01-01-12.wav) found");
        }
        return out;
    }
}
