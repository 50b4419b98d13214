package org.autotier.core.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.media.MediaInfo;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.segment.SpeechFaceSegment;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.EafProblem;
import org.autotier.model.eaf.EafRuleException;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.junit.jupiter.api.Test;

class SegmentTierWriterTest {

    private static SegmentationResult result(Path media, int tracks) {
        MediaInfo info = new MediaInfo(media, 10_000, true, true, 640, 360, 25, "h264", "aac", "video/mp4");
        List<FaceTrack> ts = tracks == 1
                ? List.of(new FaceTrack("face1", List.of(new Interval(0, 6000)), List.of(), 0.1))
                : List.of(new FaceTrack("face1", List.of(new Interval(0, 6000)), List.of(), 0.1),
                        new FaceTrack("face2", List.of(new Interval(4000, 9000)), List.of(), 0.1));
        return new SegmentationResult(info, List.of(new Interval(1000, 3000), new Interval(5000, 8000)), ts,
                List.of(new SpeechFaceSegment(new Interval(1000, 3000), "face1"),
                        new SpeechFaceSegment(new Interval(5000, 8000), tracks == 1 ? "face1" : "face2")),
                SegmentParams.DEFAULTS, 12);
    }

    private static EafDocument userDocument() {
        EafEditor ed = EafEditor.create("annotator");
        ed.putLinguisticType(new LinguisticType("utterance", true, null, false, null, null, null));
        ed.addTier(Tier.of("CHI", "utterance", null).withParticipant("child"));
        ed.addAlignable("CHI", 500, 2500, "hello mummy");
        ed.setProperty("project", "drama-ed");
        return ed.build();
    }

    @Test
    void writesTheThreeTierKindsWithTheirOwnTypesAndProvenance() {
        Path media = Path.of("/data/session 1.mp4");
        EafDocument doc = SegmentTierWriter.write(null, result(media, 2), VadParams.DEFAULTS,
                Path.of("/data/eaf/out.eaf"), "9.9.9");
        assertEquals(List.of("autotier-speech", "autotier-face-face1", "autotier-face-face2", "autotier-speech-face"),
                doc.tiers().stream().map(Tier::id).toList());
        assertEquals(List.of(), EafValidator.validate(doc));
        assertEquals("file:///data/session%201.mp4", doc.header().mediaDescriptors().get(0).mediaUrl());
        assertEquals("../session%201.mp4", doc.header().mediaDescriptors().get(0).relativeMediaUrl());
        assertEquals("9.9.9", doc.header().property(SegmentTierWriter.PROPERTY_VERSION).orElseThrow());
        assertTrue(doc.header().property(SegmentTierWriter.PROPERTY_SEGMENT_PARAMS).orElseThrow()
                .contains("vad.minSilenceMs=700"));
        assertEquals("face2", doc.tier("autotier-speech-face").orElseThrow().annotations().get(1).value());
        assertEquals("face2", doc.tier("autotier-face-face2").orElseThrow().participant());
    }

    @Test
    void intoKeepsEveryExistingTierAndReplacesOnlyItsOwnOnRerun() {
        EafDocument user = userDocument();
        Path media = Path.of("/data/clip.mp4");
        EafDocument once = SegmentTierWriter.write(user, result(media, 2), VadParams.DEFAULTS, Path.of("/data/a.eaf"), "1");
        EafDocument twice = SegmentTierWriter.write(once, result(media, 1), VadParams.DEFAULTS, Path.of("/data/a.eaf"), "1");
        assertEquals(user.tier("CHI"), twice.tier("CHI"), "the user's tier is untouched");
        assertEquals("drama-ed", twice.header().property("project").orElseThrow());
        assertEquals(List.of("CHI", "autotier-speech", "autotier-face", "autotier-speech-face"),
                twice.tiers().stream().map(Tier::id).toList(), "old autotier tiers replaced, not duplicated");
        assertEquals(1, twice.header().mediaDescriptors().size(), "the media is listed once");
        assertEquals(List.of(), EafValidator.validate(twice).stream().filter(EafProblem::isError).toList());
    }

    @Test
    void refusesToDropAUserTierHangingUnderAnAutotierTier() {
        Path media = Path.of("/data/clip.mp4");
        EafDocument once = SegmentTierWriter.write(userDocument(), result(media, 1), VadParams.DEFAULTS,
                Path.of("/data/a.eaf"), "1");
        EafEditor ed = EafEditor.edit(once);
        ed.putLinguisticType(new LinguisticType("note", false, "Symbolic_Association", false, null, null, null));
        ed.addTier(Tier.of("my-notes", "note", "autotier-speech-face"));
        EafDocument withUserChild = ed.build();
        EafRuleException e = assertThrows(EafRuleException.class, () -> SegmentTierWriter.write(withUserChild,
                result(media, 1), VadParams.DEFAULTS, Path.of("/data/a.eaf"), "1"));
        assertTrue(e.getMessage().contains("my-notes"), e.getMessage());
    }
}
