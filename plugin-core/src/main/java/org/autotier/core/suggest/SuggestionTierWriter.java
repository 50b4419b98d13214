package org.autotier.core.suggest;

import static org.autotier.model.suggest.SuggestionTiers.CHILDREN;
import static org.autotier.model.suggest.SuggestionTiers.CONFIDENCE;
import static org.autotier.model.suggest.SuggestionTiers.DISTRIBUTION;
import static org.autotier.model.suggest.SuggestionTiers.EMOTION;
import static org.autotier.model.suggest.SuggestionTiers.FLAGS;
import static org.autotier.model.suggest.SuggestionTiers.FLAG_CV;
import static org.autotier.model.suggest.SuggestionTiers.REVIEW;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.segment.SpeechFaceSegment;
import org.autotier.core.tiers.AutotierTiers;
import org.autotier.core.tiers.SegmentTierWriter;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.ControlledVocabulary;
import org.autotier.model.eaf.CvDescription;
import org.autotier.model.eaf.CvEntry;
import org.autotier.model.eaf.CvValue;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.Language;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.LinkedFileDescriptor;
import org.autotier.model.eaf.Stereotype;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.suggest.Segment;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;
import org.autotier.model.suggest.SuggestionTiers.Placed;

/**
 * Writes suggestions as EAF tiers ({@link SuggestionTiers} reads them). Each segment of the parent tier ({@code autotier-speech-face},
 * or {@code autotier-speech} for audio-only recordings) gets one Symbolic_Association child on
 * each of {@code autotier-emotion} (CV of the model's labels, with CVE_REF),
 * {@code autotier-confidence}, {@code autotier-flags}, {@code autotier-review} (CV) and
 * {@code autotier-distribution}. Segments a human accepted or corrected are carried over as they
 * are and never overwritten; every tier that is not autotier's survives exactly.
 */
public final class SuggestionTierWriter {
    public static final String PROPERTY_MODEL = "autotier.model";
    public static final String PROPERTY_PARAMS = "autotier.suggest.parameters";
    public static final String PROPERTY_KAPPA = "autotier.human.kappa";
    private static final String LANG = "eng";

    private SuggestionTierWriter() {
    }

    /** The options {@link #write} records in the document. */
    public record Context(Path eafPath, String autotierVersion, String model, String parameters, Path timeSeries,
            String humanAgreement) {
    }

    /**
     * Adds the segmentation and suggestion tiers to {@code existing} (or a new document),
     * replacing only autotier's own tiers and keeping human-decided suggestions.
     */
    public static EafDocument write(EafDocument existing, AutoSuggestResult r, VadParams vad, List<String> labels,
            Context ctx) {
        List<Placed> kept = existing == null ? List.of() : SuggestionTiers.readPlaced(existing).stream()
                .filter(p -> p.suggestion().review().isHumanDecision()).toList();
        List<Suggestion> fresh = r.suggestions().stream()
                .filter(s -> kept.stream().noneMatch(k -> k.suggestion().segment().overlaps(s.segment()))).toList();
        List<Suggestion> all = new ArrayList<>(fresh);
        kept.forEach(k -> all.add(k.suggestion()));
        all.sort(Comparator.comparingLong(s -> s.segment().startMs()));

        SegmentationResult seg = r.segmentation();
        boolean audioOnly = seg.audioOnly();
        SegmentationResult shaped;
        if (audioOnly) {
            List<Interval> speech = new ArrayList<>();
            for (Interval i : seg.speech()) {
                if (kept.stream().noneMatch(k -> interval(k.suggestion().segment()).overlapMs(i) > 0)) {
                    speech.add(i);
                }
            }
            kept.forEach(k -> speech.add(interval(k.suggestion().segment())));
            speech.sort(Comparator.comparingLong(Interval::startMs));
            shaped = new SegmentationResult(seg.media(), speech, seg.tracks(), seg.segments(), seg.params(),
                    seg.elapsedMs());
        } else {
            List<SpeechFaceSegment> segments = all.stream().map(s -> new SpeechFaceSegment(interval(s.segment()),
                    s.segment().trackId() == null ? "speech" : s.segment().trackId())).toList();
            shaped = new SegmentationResult(seg.media(), seg.speech(), seg.tracks(), segments, seg.params(),
                    seg.elapsedMs());
        }
        EafDocument base = SegmentTierWriter.write(existing, shaped, vad, ctx.eafPath(), ctx.autotierVersion());
        // the CV shape follows the version the document will be written in (2.7 or older: single-value entries)
        boolean legacy = !EafVersion.forWriting(base.version()).multilingualVocabularies();
        EafEditor ed = EafEditor.edit(base);
        if (!legacy && base.languages().stream().noneMatch(l -> l.id().equals(LANG))) {
            ed.addLanguage(new Language(LANG, "http://cdb.iso.org/lg/CDB-00130975-001", "English (eng)"));
        }
        ed.putControlledVocabulary(cv(EMOTION, "labels of autotier's emotion model", labels.stream()
                .map(l -> new String[] {l, "model label " + l}).toList(), legacy));
        ed.putControlledVocabulary(cv(REVIEW, "human review state of an autotier suggestion", List.of(
                new String[] {"unreviewed", "not looked at yet"},
                new String[] {"accepted", "a human confirmed the label"},
                new String[] {"corrected", "a human changed the label"},
                new String[] {"rejected", "no usable label for this segment"}), legacy));
        ed.putControlledVocabulary(cv(FLAG_CV, "review flags (autotier-flags holds several, space-separated)",
                List.of(new String[] {"LOW_CONFIDENCE", "calibrated confidence below the threshold"},
                        new String[] {"MODALITY_CONFLICT", "audio-only and face-only opinions disagree"},
                        new String[] {"UNSTABLE", "the label changes across overlapping windows"},
                        new String[] {"WEAK_EVIDENCE", "too few face frames or too little speech"},
                        new String[] {"HUMAN_DISAGREEMENT", "human annotators disagree with each other or the model"},
                        new String[] {"OUT_OF_DOMAIN", "the audio is unlike the model's training data"}),
                legacy));
        String assoc = Stereotype.SYMBOLIC_ASSOCIATION.xml();
        ed.putLinguisticType(new LinguisticType(EMOTION, false, assoc, false, EMOTION, null, null));
        ed.putLinguisticType(new LinguisticType(REVIEW, false, assoc, false, REVIEW, null, null));
        for (String t : List.of(CONFIDENCE, FLAGS, DISTRIBUTION)) {
            ed.putLinguisticType(new LinguisticType(t, false, assoc, false, null, null, null));
        }
        String parentTier = audioOnly ? AutotierTiers.SPEECH : AutotierTiers.SPEECH_FACE;
        for (String t : CHILDREN) {
            ed.addTier(Tier.of(t, t, parentTier).withAnnotator("autotier"));
        }
        Map<String, String> parentIds = new HashMap<>();
        for (Annotation a : ed.tier(parentTier).orElseThrow().annotations()) {
            ed.span(a.id()).ifPresent(s -> parentIds.put(s[0] + ":" + s[1], a.id()));
        }
        for (Suggestion s : all) {
            String parent = parentIds.get(s.segment().startMs() + ":" + s.segment().endMs());
            if (parent == null) {
                continue; // cannot happen: every suggestion's span was written to the parent tier above
            }
            ed.addReference(EMOTION, parent, s.label());
            ed.addReference(CONFIDENCE, parent, SuggestionTiers.formatConfidence(s.confidence()));
            ed.addReference(FLAGS, parent, SuggestionTiers.formatFlags(s.flags()));
            ed.addReference(REVIEW, parent, s.review().value());
            ed.addReference(DISTRIBUTION, parent, SuggestionTiers.formatDistribution(s.distribution()));
        }
        ed.setProperty(PROPERTY_MODEL, ctx.model());
        ed.setProperty(PROPERTY_PARAMS, ctx.parameters());
        if (ctx.humanAgreement() != null) {
            ed.setProperty(PROPERTY_KAPPA, ctx.humanAgreement());
        }
        if (ctx.timeSeries() != null) {
            String name = ctx.timeSeries().getFileName().toString();
            ed.removeLinkedFiles(l -> l.linkUrl().endsWith("/" + name) || l.linkUrl().endsWith(".autotier.csv"));
            String media = base.header().mediaDescriptors().stream().map(m -> m.mediaUrl()).filter(u ->
                    u.equals(seg.media().file().toAbsolutePath().normalize().toUri().toString())).findFirst()
                    .orElse(null);
            ed.addLinkedFile(new LinkedFileDescriptor(ctx.timeSeries().toAbsolutePath().normalize().toUri().toString(),
                    "./" + name, "text/plain", null, media));
        }
        return ed.build();
    }

    private static Interval interval(Segment s) {
        return new Interval(s.startMs(), s.endMs());
    }

    private static ControlledVocabulary cv(String id, String description, List<String[]> entries, boolean legacy) {
        List<CvEntry> e = new ArrayList<>();
        for (String[] v : entries) {
            e.add(legacy ? new CvEntry(null, null, List.of(new CvValue(v[0], null, v[1])))
                    : new CvEntry("cveid-" + id + "-" + v[0].toLowerCase(Locale.ROOT), null,
                            List.of(new CvValue(v[0], LANG, v[1]))));
        }
        return legacy ? new ControlledVocabulary(id, description, null, List.of(), e)
                : new ControlledVocabulary(id, null, null, List.of(new CvDescription(LANG, description)), e);
    }
}
