package org.autotier.core.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.vad.Interval;

/**
 * speech ∧ face-visible, per face track, as in the annotation procedure of seed 002: continuous
 * visible-face runs overlapped with continuous speech.
 *
 * <p>Where several faces are in view during one speech region, the region goes to the face whose
 * mouth moves most during it (mean mouth-region motion); ties go to the larger face. See
 * docs/segmentation.md.
 */
public final class SpeechFaceSegmenter {
    private final SegmentParams params;

    public SpeechFaceSegmenter(SegmentParams params) {
        this.params = params;
    }

    public List<SpeechFaceSegment> segment(List<Interval> speech, List<FaceTrack> tracks, long mediaEndMs) {
        Map<String, List<Interval>> pieces = new HashMap<>();
        for (Interval region : speech) {
            TreeSet<Long> cuts = new TreeSet<>(List.of(region.startMs(), region.endMs()));
            for (FaceTrack t : tracks) {
                for (Interval v : t.visible()) {
                    if (v.overlapMs(region) > 0) {
                        cuts.add(Math.max(region.startMs(), v.startMs()));
                        cuts.add(Math.min(region.endMs(), v.endMs()));
                    }
                }
            }
            Long prev = null;
            for (Long cut : cuts) {
                if (prev != null && cut > prev) {
                    long mid = (prev + cut) / 2;
                    FaceTrack owner = owner(tracks, region, mid);
                    if (owner != null) {
                        pieces.computeIfAbsent(owner.id(), k -> new ArrayList<>()).add(new Interval(prev, cut));
                    }
                }
                prev = cut;
            }
        }
        List<SpeechFaceSegment> out = new ArrayList<>();
        for (Map.Entry<String, List<Interval>> e : pieces.entrySet()) {
            for (Interval i : mergeAndFilter(e.getValue(), mediaEndMs)) {
                out.add(new SpeechFaceSegment(i, e.getKey()));
            }
        }
        out.sort(Comparator.comparingLong((SpeechFaceSegment s) -> s.span().startMs()).thenComparing(s -> s.trackId()));
        return withoutOverlap(out);
    }

    /** Padding may make neighbours overlap; one tier cannot hold overlapping annotations, so meet halfway. */
    private static List<SpeechFaceSegment> withoutOverlap(List<SpeechFaceSegment> sorted) {
        List<SpeechFaceSegment> out = new ArrayList<>(sorted);
        for (int i = 1; i < out.size(); i++) {
            Interval a = out.get(i - 1).span();
            Interval b = out.get(i).span();
            if (a.endMs() > b.startMs()) {
                long mid = Math.max(a.startMs() + 1, Math.min(b.endMs() - 1, (a.endMs() + b.startMs()) / 2));
                out.set(i - 1, new SpeechFaceSegment(new Interval(a.startMs(), mid), out.get(i - 1).trackId()));
                out.set(i, new SpeechFaceSegment(new Interval(mid, b.endMs()), out.get(i).trackId()));
            }
        }
        return out;
    }

    private static FaceTrack owner(List<FaceTrack> tracks, Interval region, long timeMs) {
        FaceTrack best = null;
        double bestMotion = Double.NEGATIVE_INFINITY;
        for (FaceTrack t : tracks) {
            if (!t.visibleAt(timeMs)) {
                continue;
            }
            double m = t.meanMotion(region);
            double score = Double.isNaN(m) ? -1 : m;
            if (best == null || score > bestMotion || (score == bestMotion && t.meanArea() > best.meanArea())) {
                best = t;
                bestMotion = score;
            }
        }
        return best;
    }

    private List<Interval> mergeAndFilter(List<Interval> pieces, long mediaEndMs) {
        pieces.sort(Comparator.comparingLong(Interval::startMs));
        List<Interval> merged = new ArrayList<>();
        for (Interval p : pieces) {
            if (!merged.isEmpty() && p.startMs() - merged.get(merged.size() - 1).endMs() <= params.mergeGapMs()) {
                Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.startMs(), Math.max(last.endMs(), p.endMs())));
            } else {
                merged.add(p);
            }
        }
        List<Interval> out = new ArrayList<>();
        for (Interval m : merged) {
            if (m.durationMs() < params.minDurationMs()) {
                continue;
            }
            long end = mediaEndMs > 0 ? Math.min(mediaEndMs, m.endMs() + params.padMs()) : m.endMs() + params.padMs();
            out.add(new Interval(Math.max(0, m.startMs() - params.padMs()), end));
        }
        return out;
    }
}
