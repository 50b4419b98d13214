package org.autotier.core.segment;

import java.util.List;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.media.MediaInfo;
import org.autotier.core.vad.Interval;

/** Everything the first half of auto-tiering found in one recording. */
public record SegmentationResult(MediaInfo media, List<Interval> speech, List<FaceTrack> tracks,
        List<SpeechFaceSegment> segments, SegmentParams params, long elapsedMs) {
    public SegmentationResult {
        speech = List.copyOf(speech);
        tracks = List.copyOf(tracks);
        segments = List.copyOf(segments);
    }

    public boolean audioOnly() {
        return !media.hasVideo();
    }
}
