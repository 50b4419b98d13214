package org.autotier.core.tiers;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.segment.SpeechFaceSegment;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Tier;

/**
 * Writes the segmentation as EAF tiers: {@code autotier-speech}, {@code autotier-face} (one per
 * track, {@code autotier-face-face2} and so on when there are several) and
 * {@code autotier-speech-face}, each with its own linguistic type, plus header properties that
 * record the autotier version and every parameter. Existing tiers are never touched.
 */
public final class SegmentTierWriter {
    public static final String PROPERTY_VERSION = "autotier.version";
    public static final String PROPERTY_SEGMENT_PARAMS = "autotier.segment.parameters";

    private SegmentTierWriter() {
    }

    /**
     * @param existing the document to add to (null for a new one)
     * @param eafPath where the EAF will be written (for the relative media URL)
     */
    public static EafDocument write(EafDocument existing, SegmentationResult r, VadParams vad, Path eafPath,
            String autotierVersion) {
        EafEditor ed = existing == null ? EafEditor.create("autotier") : EafEditor.edit(existing);
        if (existing != null) {
            AutotierTiers.removeOwnTiers(ed, existing);
        }
        MediaDescriptor md = AutotierTiers.mediaDescriptor(r.media().file(), eafPath, r.media().mimeType());
        boolean known = existing != null && existing.header().mediaDescriptors().stream()
                .anyMatch(m -> m.mediaUrl().equals(md.mediaUrl()));
        if (!known) {
            ed.addMediaDescriptor(md);
        }
        for (String type : List.of(AutotierTiers.SPEECH, AutotierTiers.FACE, AutotierTiers.SPEECH_FACE)) {
            if (ed.linguisticType(type).isEmpty()) {
                ed.putLinguisticType(new LinguisticType(type, true, null, false, null, null, null));
            }
        }
        ed.addTier(Tier.of(AutotierTiers.SPEECH, AutotierTiers.SPEECH, null).withAnnotator("autotier"));
        for (Interval s : r.speech()) {
            if (s.durationMs() > 0) {
                ed.addAlignable(AutotierTiers.SPEECH, s.startMs(), s.endMs(), "speech");
            }
        }
        if (!r.audioOnly()) {
            boolean several = r.tracks().size() > 1;
            for (FaceTrack t : r.tracks()) {
                String tierId = several ? AutotierTiers.FACE + "-" + t.id() : AutotierTiers.FACE;
                ed.addTier(Tier.of(tierId, AutotierTiers.FACE, null).withParticipant(t.id()).withAnnotator("autotier"));
                for (Interval v : t.visible()) {
                    ed.addAlignable(tierId, v.startMs(), v.endMs(), t.id());
                }
            }
            ed.addTier(Tier.of(AutotierTiers.SPEECH_FACE, AutotierTiers.SPEECH_FACE, null).withAnnotator("autotier"));
            for (SpeechFaceSegment s : r.segments()) {
                ed.addAlignable(AutotierTiers.SPEECH_FACE, s.span().startMs(), s.span().endMs(), s.trackId());
            }
        }
        ed.setProperty(PROPERTY_VERSION, autotierVersion);
        var p = r.params();
        ed.setProperty(PROPERTY_SEGMENT_PARAMS, String.format(Locale.ROOT,
                "vad.threshold=%s vad.minSpeechMs=%d vad.minSilenceMs=%d vad.padMs=%d segment.minDurationMs=%d "
                        + "segment.mergeGapMs=%d segment.padMs=%d video.analysisFps=%s face.minScore=%s "
                        + "face.maxGapMs=%d",
                vad.threshold(), vad.minSpeechMs(), vad.minSilenceMs(), vad.padMs(), p.minDurationMs(),
                p.mergeGapMs(), p.padMs(), p.analysisFps(), p.faceMinScore(), p.faceMaxGapMs()));
        return ed.build();
    }
}
