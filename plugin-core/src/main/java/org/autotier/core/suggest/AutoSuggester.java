package org.autotier.core.suggest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafWriter;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;

/**
 * One recording in, one EAF out: runs the {@link AutoSuggestPipeline}, merges the suggestions
 * into the existing EAF (or a new EAF 3.0) and writes it with its JSON and CSV sidecars. Every
 * file is written atomically; the previous EAF is kept as {@code .bak}. The CLI's {@code run}
 * and the OSGi {@code AutoSuggestService} both use this.
 */
public final class AutoSuggester {
    private final AutoSuggestPipeline pipeline;
    private final String autotierVersion;
    private final String modelName;

    public AutoSuggester(AutoSuggestPipeline pipeline, String autotierVersion, String modelName) {
        this.pipeline = pipeline;
        this.autotierVersion = autotierVersion;
        this.modelName = modelName;
    }

    /** What one recording produced. */
    public record Outcome(Path media, Path eaf, Path json, Path csv, AutoSuggestResult result,
            List<Suggestion> written, HumanAgreement agreement) {
        /** How many of the written suggestions carry a flag (sent to a human). */
        public long flagged() {
            return written.stream().filter(s -> !s.flags().isEmpty()).count();
        }
    }

    /** The new document and what went into it, before anything is written. */
    public record Prepared(EafDocument document, AutoSuggestResult result, List<Suggestion> written,
            HumanAgreement agreement, Path csv) {
    }

    /**
     * Runs the pipeline and merges its suggestions into {@code existing} (null: a new document);
     * writes nothing.
     */
    public Prepared prepare(Path media, EafDocument existing, Path target, List<String> humanTiers,
            DoubleConsumer progress) throws IOException {
        if (!humanTiers.isEmpty() && existing == null) {
            throw new IllegalArgumentException("human tiers need an existing EAF (--into) that holds them");
        }
        HumanLabels humans = humanTiers.isEmpty() ? HumanLabels.none() : HumanLabels.read(existing, humanTiers);
        AutoSuggestResult r = pipeline.run(media, humans, progress);
        HumanAgreement agreement = humans.isEmpty() ? null : HumanAgreement.of(r.analyses());
        Path csv = Sidecars.csvFor(target);
        EafDocument doc = SuggestionTierWriter.write(existing, r, pipeline.vadParams(), pipeline.predictor().labels(),
                new SuggestionTierWriter.Context(target, autotierVersion, modelName, parameters(), csv,
                        agreement == null ? null : agreement.describe()));
        // what the EAF now holds: fresh suggestions with their exact numbers (the EAF rounds them),
        // human decisions carried over as read back
        List<Suggestion> written = SuggestionTiers.read(doc).stream().map(s -> r.suggestions().stream()
                .filter(x -> x.segment().startMs() == s.segment().startMs() && x.segment().endMs() == s.segment().endMs()
                        && s.review() == x.review())
                .findFirst().orElse(s)).toList();
        return new Prepared(doc, r, written, agreement, csv);
    }

    /** Writes the JSON and CSV sidecars of a prepared document beside {@code target}. */
    public Path writeSidecars(Prepared p, Path target) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("autotier", autotierVersion);
        run.put("model", modelName);
        run.put("device", pipeline.predictor().device().toString());
        run.put("parameters", parameters());
        run.put("eaf", target.toAbsolutePath().normalize().toString());
        if (p.agreement() != null) {
            Map<String, Object> agreement = new java.util.LinkedHashMap<>(); // in this order, every run
            agreement.put("fleissKappa", p.agreement().fleiss());
            agreement.put("modelVsMajorityCohenKappa", p.agreement().modelVsMajority());
            agreement.put("items", p.agreement().items());
            run.put("humanAgreement", agreement);
        }
        Path json = Sidecars.jsonFor(target);
        List<String> labels = pipeline.predictor().labels();
        Sidecars.writeCsv(p.csv(), p.result(), labels);
        Sidecars.writeJson(json, Sidecars.json(p.result(), p.written(), labels, run));
        return json;
    }

    /**
     * @param into an existing EAF to add to (null: a new one at {@code target}, or {@code target}
     *        itself when it exists, so re-running keeps human decisions)
     * @param humanTiers the human emotion tiers of {@code into} to compare with (may be empty)
     */
    public Outcome run(Path media, Path target, Path into, List<String> humanTiers, DoubleConsumer progress)
            throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            // fail before minutes of decoding, not after
            throw new IOException(target + ": the folder " + folder + " does not exist");
        }
        EafDocument existing = null;
        if (into != null) {
            existing = EafReader.read(into); // a broken EAF fails before the media is decoded
        } else if (Files.exists(target)) {
            existing = EafReader.read(target);
        }
        Prepared p = prepare(media, existing, target, humanTiers, progress);
        // sidecars first, the EAF last: an EAF on disk always has its sidecars beside it
        Path json = writeSidecars(p, target);
        EafWriter.write(p.document(), target); // its version, or 3.0 if its content needs it; a backup kept
        return new Outcome(media, target, json, p.csv(), p.result(), p.written(), p.agreement());
    }

    private String parameters() {
        SuggestParams p = pipeline.params();
        return String.format(Locale.ROOT, "lowConfidence=%s windowMs=%d stableAgreement=%s minFaceFrames=%d "
                + "minSpeechMs=%d faceWeight=%s suggestWithoutFace=%s", p.lowConfidence(), p.windowMs(),
                p.stableAgreement(), p.minFaceFrames(), p.minSpeechMs(), p.faceWeight(), p.suggestWithoutFace());
    }
}
