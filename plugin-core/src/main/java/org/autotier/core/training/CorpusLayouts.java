package org.autotier.core.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Corpus layouts besides RAVDESS and EAF (docs/fusion-model.md, "Corpora"): {@code emodb} (EmoDB file names) and
 * {@code folders} ({@code CORPUS/<label>/...}, any corpus a lab has sorted by label). Each corpus
 * label goes through the {@link CorpusLabelMap} onto the run's label set; labels with no
 * counterpart (EmoDB's boredom) are left out and counted, never guessed.
 */
public final class CorpusLayouts {
    /** EmoDB: speaker SS, text TTT, emotion letter E (German initials), version V: 03a01Fa.wav. */
    private static final Pattern EMODB = Pattern.compile("(\\d{2})([ab]\\d{2})([WLEAFTN])([a-z])\\.wav",
            Pattern.CASE_INSENSITIVE);

    /** EmoDB's emotion letters (Ärger, Langeweile, Ekel, Angst, Freude, Trauer, Neutral). */
    public static final Map<Character, String> EMODB_LABELS = Map.of('W', "anger", 'L', "boredom", 'E', "disgust",
            'A', "fear", 'F', "happiness", 'T', "sadness", 'N', "neutral");

    static final List<String> MEDIA = List.of("wav", "flac", "mp3", "ogg", "opus", "m4a", "aac", "mp4", "mov", "mkv",
            "avi", "webm", "mpg", "mpeg");

    private CorpusLayouts() {
    }

    /**
     * The samples a scan kept and the corpus labels it left out.
     *
     * @param leftOut corpus label → clips left out because the label set has no counterpart
     */
    public record Scan(List<Sample> samples, Map<String, Integer> leftOut) {
    }

    /** The EmoDB speaker and label of a file name, if it follows the scheme. */
    public static Optional<String[]> parseEmoDb(String fileName) {
        Matcher m = EMODB.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String label = EMODB_LABELS.get(Character.toUpperCase(m.group(3).charAt(0)));
        return Optional.of(new String[] {label, "emodb" + m.group(1)});
    }

    public static Scan emoDb(Path dir, LabelSet labels, CorpusLabelMap map) throws IOException {
        List<Sample> out = new ArrayList<>();
        Map<String, Integer> leftOut = new TreeMap<>();
        for (Path p : files(dir)) {
            var parsed = parseEmoDb(p.getFileName().toString());
            if (parsed.isEmpty()) {
                continue;
            }
            add(out, leftOut, p, parsed.get()[1], parsed.get()[0], labels, map, dir);
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no EmoDB-named clips (like 03a01Wa.wav) with a label in " + labels.name()
                    + " found" + (leftOut.isEmpty() ? "" : "; left out: " + leftOut));
        }
        return new Scan(out, leftOut);
    }

    /**
     * {@code CORPUS/<label>/[<speaker>/]file}: the first folder names the label; a second folder,
     * when there is one, the speaker. Without it each file counts as its own speaker, so splits
     * cannot keep one person's clips together: sort clips by speaker when you can.
     */
    public static Scan folders(Path dir, LabelSet labels, CorpusLabelMap map) throws IOException {
        List<Sample> out = new ArrayList<>();
        Map<String, Integer> leftOut = new TreeMap<>();
        String corpus = dir.toAbsolutePath().normalize().getFileName().toString();
        for (Path p : files(dir)) {
            Path rel = dir.relativize(p);
            if (rel.getNameCount() < 2 || !isMedia(p)) {
                continue;
            }
            String label = rel.getName(0).toString();
            String speaker = rel.getNameCount() >= 3 ? rel.getName(1).toString() : stem(rel.toString());
            add(out, leftOut, p, corpus + "/" + speaker, label, labels, map, dir);
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no media in label folders (CORPUS/<label>/...) with a label in "
                    + labels.name() + " " + labels.labels() + (leftOut.isEmpty() ? "" : "; left out: " + leftOut));
        }
        return new Scan(out, leftOut);
    }

    private static void add(List<Sample> out, Map<String, Integer> leftOut, Path media, String speaker, String label,
            LabelSet labels, CorpusLabelMap map, Path dir) {
        Optional<Integer> index = map.indexOf(label, labels);
        if (index.isPresent()) {
            out.add(new Sample(media, speaker, index.get(), 0, -1, dir.toAbsolutePath().normalize().getFileName()
                    .toString()));
        } else {
            leftOut.merge(label.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
    }

    static boolean isMedia(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && MEDIA.contains(n.substring(dot + 1));
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
