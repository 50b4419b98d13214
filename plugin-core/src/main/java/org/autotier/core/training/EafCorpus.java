package org.autotier.core.training;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.autotier.core.media.MimeTypes;
import org.autotier.core.suggest.HumanLabels;
import org.autotier.core.suggest.LabelMapping;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafReader;

/**
 * A lab's own corpus: media files beside EAF files whose human emotion tiers label segments, one
 * tier per annotator (seed 002 kept only segments its three experts agreed on). Each annotation
 * of the first tier is a candidate segment; every tier's label is that of its annotation covering
 * most of it ({@link HumanLabels}, the same rule `run --human-tier` uses). {@link Agreement#UNANIMOUS} keeps a segment only when every tier gives the
 * same emotion, {@link Agreement#MAJORITY} when more than half do. Labels are matched to the label
 * set by emotion (joy = happy, anger = angry, ...); others are skipped. The speaker is the first
 * tier's PARTICIPANT, or the EAF's file name, so folds keep speakers apart.
 */
public final class EafCorpus {

    /** Which segments count as labelled when several annotators labelled them. */
    public enum Agreement { UNANIMOUS, MAJORITY }

    /** What a scan kept and dropped, for the log. */
    public record Scan(List<Sample> samples, int candidates, int disagreements, int unknownLabels) {
    }

    private EafCorpus() {
    }

    public static Scan scan(Path dir, List<String> tiers, Agreement agreement, LabelSet labels) throws IOException {
        return scan(dir, tiers, agreement, labels, CorpusLabelMap.DEFAULT);
    }

    /** {@link #scan(Path, List, Agreement, LabelSet)} with the annotators' labels mapped by {@code map}. */
    public static Scan scan(Path dir, List<String> tiers, Agreement agreement, LabelSet labels, CorpusLabelMap map)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("--layout eaf needs the human emotion tier(s): --tier NAME");
        }
        List<Path> eafs;
        try (Stream<Path> s = Files.walk(dir)) {
            eafs = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".eaf"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        if (eafs.isEmpty()) {
            throw new IOException(dir + ": no .eaf files found");
        }
        List<Sample> out = new ArrayList<>();
        int candidates = 0;
        int disagreements = 0;
        int unknown = 0;
        for (Path eaf : eafs) {
            EafDocument doc = EafReader.read(eaf);
            Path media = media(eaf, doc);
            HumanLabels annotators;
            try {
                annotators = HumanLabels.read(doc, tiers);
            } catch (IllegalArgumentException e) {
                throw new IOException(eaf + ": " + e.getMessage(), e);
            }
            Tier first = doc.tier(tiers.get(0)).orElseThrow();
            String speaker = Optional.ofNullable(first.participant()).filter(p -> !p.isBlank()).orElse(stem(eaf));
            for (long[] span : annotators.firstTierSpans()) {
                candidates++;
                List<String> given = annotators.labels(span[0], span[1]);
                String label = decide(given, agreement);
                if (label == null) {
                    disagreements++;
                    continue;
                }
                int index = map.indexOf(label, labels).orElse(-1);
                if (index < 0) {
                    unknown++;
                    continue;
                }
                out.add(new Sample(media, speaker, index, span[0], span[1]));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no usable labelled segment in " + eafs.size() + " EAF file(s) (" + candidates
                    + " candidates, " + disagreements + " without " + agreement.name().toLowerCase(java.util.Locale.ROOT)
                    + " agreement, " + unknown + " with labels outside " + labels.name() + " " + labels.labels() + ")");
        }
        return new Scan(out, candidates, disagreements, unknown);
    }

    /** The label the annotators agree on under the policy, or null. */
    static String decide(List<String> given, Agreement agreement) {
        List<String> keys = given.stream().map(g -> g == null ? null : key(g)).toList();
        for (String k : keys) {
            if (k == null) {
                continue;
            }
            long same = keys.stream().filter(k::equals).count();
            boolean ok = agreement == Agreement.UNANIMOUS ? same == keys.size() : 2 * same > keys.size();
            if (ok) {
                return given.get(keys.indexOf(k));
            }
        }
        return null;
    }

    private static String key(String label) {
        String c = LabelMapping.canonical(label.trim());
        return c != null ? c : label.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String stem(Path eaf) {
        String n = eaf.getFileName().toString();
        return n.substring(0, n.length() - 4);
    }

    /** The EAF's media: its relative URL, then its absolute URL, then a media file with the same name. */
    static Path media(Path eaf, EafDocument doc) throws IOException {
        Path dir = eaf.toAbsolutePath().getParent();
        for (MediaDescriptor m : doc.header().mediaDescriptors()) {
            for (String url : new String[] {m.relativeMediaUrl(), m.mediaUrl()}) {
                if (url == null || url.isBlank()) {
                    continue;
                }
                try {
                    Path p = url.startsWith("file:") ? Paths.get(URI.create(url))
                            : dir.resolve(java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8));
                    if (Files.isRegularFile(p)) {
                        return p.normalize();
                    }
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    // not a usable URL here: try the next
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            Optional<Path> same = s.filter(p -> !p.equals(eaf.toAbsolutePath()) && MimeTypes.isMedia(p)
                    && p.getFileName().toString().startsWith(stem(eaf) + ".")).findFirst();
            if (same.isPresent()) {
                return same.get();
            }
        }
        throw new IOException(eaf + ": its media file was not found (neither its MEDIA_DESCRIPTOR nor a "
                + stem(eaf) + ".wav/.mp4/... beside it)");
    }
}
