package org.autotier.core.suggest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.autotier.model.eaf.AlignableAnnotation;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.TimeSlot;

/**
 * The human emotion tiers of an EAF, one per annotator (as seed 002's three experts): for a
 * segment, each tier's label is the value of its annotation covering most of the segment, when
 * that covers at least half of it.
 */
public final class HumanLabels {
    private record Span(long start, long end, String value) {
    }

    private final Map<String, List<Span>> tiers = new LinkedHashMap<>();
    /** Every time-aligned annotation of the first tier, labelled or not: the candidate segments. */
    private final List<long[]> firstTierSpans = new ArrayList<>();

    private HumanLabels() {
    }

    public static HumanLabels none() {
        return new HumanLabels();
    }

    /** Reads the named tiers; a name that is missing is an error naming the tiers that exist. */
    public static HumanLabels read(EafDocument doc, List<String> tierIds) {
        HumanLabels h = new HumanLabels();
        Map<String, Long> slots = new java.util.HashMap<>();
        for (TimeSlot s : doc.timeSlots()) {
            if (s.value() != null) {
                slots.put(s.id(), s.value());
            }
        }
        for (String id : tierIds) {
            Tier t = doc.tier(id).orElseThrow(() -> new IllegalArgumentException("no tier \"" + id
                    + "\" in the EAF; its tiers are " + doc.tiers().stream().map(Tier::id).toList()));
            List<Span> spans = new ArrayList<>();
            for (Annotation a : t.annotations()) {
                if (a instanceof AlignableAnnotation al && slots.containsKey(al.timeSlotRef1())
                        && slots.containsKey(al.timeSlotRef2())) {
                    long start = slots.get(al.timeSlotRef1());
                    long end = slots.get(al.timeSlotRef2());
                    if (h.tiers.isEmpty() && end > start) {
                        h.firstTierSpans.add(new long[] {start, end});
                    }
                    if (a.value() != null && !a.value().isBlank()) {
                        spans.add(new Span(start, end, a.value().trim()));
                    }
                }
            }
            h.tiers.put(id, spans);
        }
        return h;
    }

    public List<String> tierIds() {
        return List.copyOf(tiers.keySet());
    }

    /** The first tier's time-aligned annotations {start, end}, in document order, labelled or not. */
    public List<long[]> firstTierSpans() {
        return firstTierSpans;
    }

    public boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** One label per tier (null where the tier has no annotation over most of the segment). */
    public List<String> labels(long startMs, long endMs) {
        List<String> out = new ArrayList<>();
        for (List<Span> spans : tiers.values()) {
            String best = null;
            long bestOverlap = 0;
            for (Span s : spans) {
                long o = Math.min(endMs, s.end) - Math.max(startMs, s.start);
                if (o > bestOverlap) {
                    bestOverlap = o;
                    best = s.value;
                }
            }
            out.add(2 * bestOverlap >= endMs - startMs ? best : null);
        }
        return out;
    }
}
