package org.autotier.core.suggest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.autotier.model.eaf.io.AtomicFiles;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;

/**
 * The files written beside the EAF: {@code NAME.autotier.json}, every suggestion with its full
 * evidence (Jackson), and {@code NAME.autotier.csv}, the per-window confidence and top label as an
 * ELAN time series ({@code ;}-separated, first column {@code #timestamp} in seconds). Both are
 * written atomically, like the EAF.
 */
public final class Sidecars {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Sidecars() {
    }

    public static Path jsonFor(Path eaf) {
        return SuggestionTiers.sidecar(eaf, "json");
    }

    public static Path csvFor(Path eaf) {
        return SuggestionTiers.sidecar(eaf, "csv");
    }

    /** The sidecar's content as plain maps and lists, in a stable order. */
    public static Map<String, Object> json(AutoSuggestResult r, List<Suggestion> written, List<String> labels,
            Map<String, Object> run) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.putAll(run);
        root.put("media", r.segmentation().media().file().toAbsolutePath().normalize().toString());
        root.put("audioOnly", r.segmentation().audioOnly());
        root.put("labels", labels);
        root.put("humanTiers", r.humanTiers());
        List<Object> items = new ArrayList<>();
        // a long recording has thousands of segments: looked up, not searched for each
        Map<Object, SegmentAnalysis> bySegment = new java.util.HashMap<>();
        for (SegmentAnalysis x : r.analyses()) {
            bySegment.putIfAbsent(x.suggestion().segment(), x);
        }
        for (Suggestion s : written) {
            SegmentAnalysis a = bySegment.get(s.segment());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("startMs", s.segment().startMs());
            m.put("endMs", s.segment().endMs());
            m.put("track", s.segment().trackId());
            m.put("label", s.label());
            m.put("confidence", s.confidence());
            m.put("flags", s.flags().stream().sorted().map(Enum::name).toList());
            m.put("review", s.review().value());
            m.put("distribution", s.distribution().probabilities());
            if (a != null) {
                m.put("audio", byLabel(labels, a.audio()));
                m.put("face", a.face() == null ? null : byLabel(labels, a.face()));
                m.put("faceFrames", a.faceFrames());
                m.put("speechMs", a.speechMs());
                List<Object> windows = new ArrayList<>();
                for (SegmentAnalysis.Window w : a.windows()) {
                    Map<String, Object> wm = new LinkedHashMap<>();
                    wm.put("startMs", w.startMs());
                    wm.put("endMs", w.endMs());
                    wm.put("label", w.label());
                    wm.put("confidence", w.confidence());
                    windows.add(wm);
                }
                m.put("windows", windows);
                // ordered maps: the same analysis writes the same bytes (Map.of's order changes from run to run)
                Map<String, Object> attention = new LinkedHashMap<>();
                attention.put("audio", a.audioAttention());
                attention.put("audioKind", a.voiceKind());
                attention.put("faceTimeline", a.faceTimeline());
                m.put("attention", attention);
                m.put("audioOnly", a.audioOnly());
                m.put("outOfDomain", a.outOfDomain());
                Map<String, Object> reliability = new LinkedHashMap<>();
                reliability.put("audio", a.audioReliability());
                reliability.put("face", a.faceReliability());
                m.put("reliability", reliability);
                m.put("humanLabels", a.humanLabels());
            } else {
                m.put("carriedOver", true); // a human decision from the previous file, kept as it was
            }
            items.add(m);
        }
        root.put("suggestions", items);
        return root;
    }

    private static Map<String, Double> byLabel(List<String> labels, double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            m.put(labels.get(i), p[i]);
        }
        return m;
    }

    public static void writeJson(Path file, Map<String, Object> content) throws IOException {
        AtomicFiles.write(file, false, out -> JSON.writeValue(new java.io.FilterOutputStream(out) {
            @Override
            public void close() {
                // AtomicFiles closes the stream itself
            }
        }, content));
    }

    /**
     * One row per analysis window, at its centre: confidence, the top label's index in the model's
     * labels, and each label's probability. ELAN plots the numeric columns as tracks.
     */
    public static void writeCsv(Path file, AutoSuggestResult r, List<String> labels) throws IOException {
        AtomicFiles.write(file, false, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder("#timestamp;confidence;top_label_index");
            labels.forEach(l -> header.append(";p_").append(l));
            w.write(header.append('\n').toString());
            List<SegmentAnalysis.Window> rows = new ArrayList<>();
            r.analyses().forEach(a -> rows.addAll(a.windows()));
            rows.sort(java.util.Comparator.comparingLong(x -> x.startMs() + x.endMs()));
            {
                for (SegmentAnalysis.Window win : rows) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.3f;%.4f;%d",
                            (win.startMs() + win.endMs()) / 2000.0, win.confidence(), labels.indexOf(win.label())));
                    for (double p : win.distribution()) {
                        row.append(String.format(Locale.ROOT, ";%.4f", p));
                    }
                    w.write(row.append('\n').toString());
                }
            }
            w.flush();
        });
    }
}
