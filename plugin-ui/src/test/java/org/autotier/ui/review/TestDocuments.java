package org.autotier.ui.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.autotier.core.api.AnnotationHost;
import org.autotier.core.media.MediaInfo;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.segment.SpeechFaceSegment;
import org.autotier.core.suggest.AutoSuggestResult;
import org.autotier.core.suggest.SegmentAnalysis;
import org.autotier.core.suggest.Sidecars;
import org.autotier.core.suggest.SuggestionTierWriter;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.LabelDistribution;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Segment;
import org.autotier.model.suggest.Suggestion;

/** A document with four suggestions written by autotier's own writer, and a host that records calls. */
final class TestDocuments {
    static final List<String> LABELS = List.of("neutral", "happy", "sad", "angry");

    private TestDocuments() {
    }

    private static SegmentAnalysis analysis(long start, int top, double conf, EnumSet<Flag> flags) {
        double[] p = new double[LABELS.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i == top ? conf : (1 - conf) / (p.length - 1);
        }
        Suggestion s = new Suggestion(new Segment(start, start + 1500, "face1"), LABELS.get(top), conf,
                LabelDistribution.of(LABELS, p), flags, ReviewState.UNREVIEWED);
        float[] voice = new float[40];
        for (int i = 0; i < voice.length; i++) {
            voice[i] = (float) Math.exp(-Math.pow((i - 10 - top * 5) / 4.0, 2));
        }
        float[] face = new float[15];
        for (int i = 0; i < face.length; i++) {
            face[i] = (float) (0.2 + 0.6 * i / face.length);
        }
        return new SegmentAnalysis(s, p, p, 15, 1500, List.of(new SegmentAnalysis.Window(start, start + 1500,
                LABELS.get(top), conf, p)), voice, face, List.of());
    }

    /** Writes {@code NAME.eaf}'s suggestions and its JSON sidecar; returns the document. */
    static EafDocument withSuggestions(Path eaf) throws Exception {
        List<SegmentAnalysis> a = List.of(
                analysis(1000, 1, 0.92, EnumSet.noneOf(Flag.class)),
                analysis(4000, 2, 0.41, EnumSet.of(Flag.LOW_CONFIDENCE, Flag.UNSTABLE)),
                analysis(7000, 3, 0.66, EnumSet.of(Flag.MODALITY_CONFLICT)),
                analysis(10000, 0, 0.55, EnumSet.noneOf(Flag.class)));
        Path media = eaf.resolveSibling("session.mp4");
        MediaInfo info = new MediaInfo(media, 12_000, true, true, 640, 480, 25, "h264", "aac", "video/mp4");
        List<SpeechFaceSegment> segs = new ArrayList<>();
        for (SegmentAnalysis x : a) {
            segs.add(new SpeechFaceSegment(new Interval(x.suggestion().segment().startMs(),
                    x.suggestion().segment().endMs()), "face1"));
        }
        SegmentationResult seg = new SegmentationResult(info, List.of(new Interval(900, 11600)), List.of(), segs,
                SegmentParams.DEFAULTS, 10);
        AutoSuggestResult r = new AutoSuggestResult(seg, a, List.of(), 10);
        EafDocument doc = SuggestionTierWriter.write(null, r, VadParams.DEFAULTS, LABELS,
                new SuggestionTierWriter.Context(eaf, "test", "test-model", "defaults", null, null));
        Sidecars.writeJson(Sidecars.jsonFor(eaf), Sidecars.json(r, r.suggestions(), LABELS, Map.of()));
        return doc;
    }

    /** A host that holds a document and records what autotier asks of it. */
    static final class RecordingHost implements AnnotationHost {
        volatile EafDocument document;
        final Path path;
        final List<Long> seeks = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> replaced = Collections.synchronizedList(new ArrayList<>());
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        RecordingHost(EafDocument document, Path path) {
            this.document = document;
            this.path = path;
        }

        @Override
        public EafDocument document() {
            return document;
        }

        @Override
        public Optional<Path> documentPath() {
            return Optional.ofNullable(path);
        }

        @Override
        public List<Path> mediaFiles() {
            return List.of();
        }

        @Override
        public long playbackPositionMs() {
            return seeks.isEmpty() ? 0 : seeks.get(seeks.size() - 1);
        }

        @Override
        public void seek(long timeMs) {
            seeks.add(timeMs);
        }

        @Override
        public void replaceDocument(EafDocument updated, List<String> changedTiers) {
            document = updated;
            replaced.add(changedTiers);
        }

        @Override
        public void showMessage(Level level, String message) {
            messages.add(level + " " + message);
        }
    }
}
