package org.autotier.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.suggest.AutoSuggester;
import org.autotier.core.suggest.EmotionPredictor;
import org.autotier.core.suggest.ShippedModel;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.model.suggest.SuggestionTiers;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.io.AtomicFiles;
import org.autotier.model.suggest.Suggestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code autotier elan-recognizer}: the ELAN local-recognizer protocol on stdin and stdout
 * (dist/elan-extension, docs/elan.md). ELAN writes {@code <PARAM><param name="...">value</param>...</PARAM>}
 * to stdin and closes it; this prints {@code PROGRESS: 0.42 ...} lines and ends with
 * {@code RESULT: DONE.} or {@code RESULT: FAILED.}, and writes each requested output tier as a
 * {@code <TIERS><TIER columns="..."><span start="1.250" end="2.500"><v>...</v></span></TIER></TIERS>}
 * file (times in seconds with a decimal point, as ELAN reads them).
 */
@Command(name = "elan-recognizer", hidden = true, mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "ELAN local recognizer: reads ELAN's PARAM XML on stdin (see docs/elan.md)")
final class ElanRecognizerCommand implements Callable<Integer> {
    /** The output parameters and the tier each one receives. */
    static final Map<String, String> OUTPUTS = Map.of(
            "segments_tier", "autotier-speech-face",
            "emotion_tier", SuggestionTiers.EMOTION,
            "confidence_tier", SuggestionTiers.CONFIDENCE,
            "flags_tier", SuggestionTiers.FLAGS);

    @Spec
    CommandSpec spec;

    /** Standard input, replaceable in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Map<String, String> params = readParams(stdin);
            run(request(params), out);
            out.println("RESULT: DONE.");
            out.flush();
            return ExitCodes.OK;
        } catch (Exception | LinkageError e) {
            out.println("ERROR: " + Messages.describe(e));
            out.println("RESULT: FAILED.");
            out.flush();
            return ExitCodes.FAILED;
        }
    }

    /** Parses ELAN's PARAM document with external entities and DTDs refused. */
    static Map<String, String> readParams(InputStream in) throws IOException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, String> params = new LinkedHashMap<>();
        try {
            XMLStreamReader r = f.createXMLStreamReader(in, "UTF-8");
            String name = null;
            StringBuilder value = new StringBuilder();
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamReader.START_ELEMENT && r.getLocalName().equals("param")) {
                    name = r.getAttributeValue(null, "name");
                    value.setLength(0);
                } else if ((e == XMLStreamReader.CHARACTERS || e == XMLStreamReader.CDATA) && name != null) {
                    value.append(r.getText());
                } else if (e == XMLStreamReader.END_ELEMENT && r.getLocalName().equals("param") && name != null) {
                    params.put(name, value.toString().trim());
                    name = null;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            // RuntimeException: the JDK parser's own slips on damaged input (fuzzing found a
            // MissingResourceException for a bad character in a DTD)
            throw new IOException("the parameters ELAN sent on stdin are not valid PARAM XML: " + e.getMessage(), e);
        }
        return params;
    }

    private static double number(Map<String, String> p, String name, double fallback) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " is not a number: \"" + v + "\"");
        }
    }

    /** What ELAN asked for, checked before any work: the media, the model, the parameters, the outputs. */
    record Request(Path media, Path modelDir, String device, SuggestParams params, VadParams vad, SegmentParams seg,
            Map<String, Path> outputs) {
    }

    /**
     * Interprets ELAN's parameters. Whatever ELAN (or a damaged PARAM file) sends, the result is a
     * request or an IllegalArgumentException that names the parameter (ElanParamsFuzzTest).
     */
    static Request request(Map<String, String> p) {
        String video = p.get("video");
        String source = video != null && !video.isBlank() ? video : p.get("source");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("no media: ELAN passed neither \"source\" nor \"video\"");
        }
        Path media = path(video != null && !video.isBlank() ? "video" : "source", source);
        String model = p.getOrDefault("model", "");
        Path modelDir = model.isBlank() ? ShippedModel.path() : path("model", model);
        SuggestParams d = SuggestParams.DEFAULTS;
        double low = number(p, "low_confidence", d.lowConfidence());
        double window = number(p, "window_ms", d.windowMs());
        double face = number(p, "face_weight", d.faceWeight());
        double vadThreshold = number(p, "vad_threshold", VadParams.DEFAULTS.threshold());
        double fps = number(p, "analysis_fps", SegmentParams.DEFAULTS.analysisFps());
        SuggestParams params;
        VadParams vad;
        SegmentParams seg;
        try {
            params = new SuggestParams(low, (long) window, d.stableAgreement(), d.minFaceFrames(), d.minSpeechMs(),
                    face, false);
            vad = VadParams.DEFAULTS.withThreshold(vadThreshold);
            seg = SegmentParams.DEFAULTS.withAnalysisFps(fps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a parameter is out of range: " + e.getMessage(), e);
        }
        Map<String, Path> outputs = new java.util.TreeMap<>();
        for (Map.Entry<String, String> o : OUTPUTS.entrySet()) {
            String file = p.get(o.getKey());
            if (file != null && !file.isBlank()) {
                outputs.put(o.getValue(), path(o.getKey(), file));
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("ELAN asked for no output tier (" + new java.util.TreeSet<>(OUTPUTS.keySet()) + ")");
        }
        return new Request(media, modelDir, p.getOrDefault("device", "auto"), params, vad, seg, Map.copyOf(outputs));
    }

    private static Path path(String name, String value) {
        try {
            return Paths.get(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("parameter " + name + " is not a usable path: " + e.getMessage(), e);
        }
    }

    private void run(Request q, PrintWriter out) throws IOException {
        Path media = q.media();
        out.println("PROGRESS: 0.01 loading the models");
        out.flush();
        // the two models side by side, as `run` loads them: a new process per ELAN run pays this every time
        try (LoadedSuggester loaded = LoadedSuggester.open(q.vad(), q.seg(), BlazeFaceDetector.Variant.FRONT_128,
                q.params(), q.modelDir().getFileName().toString(), () -> EmotionPredictor.open(q.modelDir(),
                        q.device()))) {
            AutoSuggester suggester = loaded.suggester();
            int[] last = {-1};
            AutoSuggester.Prepared r = suggester.prepare(media, null, media.resolveSibling("autotier-elan.eaf"),
                    List.of(), f -> {
                        int pct = (int) Math.floor(f * 100);
                        if (pct / 5 != last[0] / 5) {
                            last[0] = pct;
                            out.printf(Locale.ROOT, "PROGRESS: %.2f analysing %s%n", Math.min(0.99, f * 0.95),
                                    media.getFileName());
                            out.flush();
                        }
                    });
            List<Suggestion> suggestions = r.written();
            for (Map.Entry<String, Path> o : q.outputs().entrySet()) {
                writeTiers(o.getValue(), o.getKey(), suggestions);
            }
            out.printf(Locale.ROOT, "autotier: %d segment(s), %d flagged for review%n", suggestions.size(),
                    suggestions.stream().filter(x -> !x.flags().isEmpty()).count());
        }
    }

    /** One TIERS document with one TIER; times in seconds with a decimal point. */
    static void writeTiers(Path file, String tier, List<Suggestion> suggestions) throws IOException {
        AtomicFiles.write(file, false, stream -> {
            Writer w = new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TIERS>\n  <TIER columns=\"" + escape(tier) + "\">\n");
            for (Suggestion s : suggestions) {
                String value = switch (tier) {
                    case "autotier-speech-face" -> s.segment().trackId() == null ? "speech" : s.segment().trackId();
                    case SuggestionTiers.EMOTION -> s.label();
                    case SuggestionTiers.CONFIDENCE -> SuggestionTiers.formatConfidence(s.confidence());
                    case SuggestionTiers.FLAGS -> SuggestionTiers.formatFlags(s.flags());
                    default -> throw new IllegalArgumentException(tier);
                };
                w.write(String.format(Locale.ROOT, "    <span start=\"%.3f\" end=\"%.3f\"><v>%s</v></span>%n",
                        s.segment().startMs() / 1000.0, s.segment().endMs() / 1000.0, escape(value)));
            }
            w.write("  </TIER>\n</TIERS>\n");
            w.flush();
        });
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
