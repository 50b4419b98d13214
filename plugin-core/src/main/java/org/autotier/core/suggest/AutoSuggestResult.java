package org.autotier.core.suggest;

import java.util.List;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.model.suggest.Suggestion;

/**
 * Everything auto-suggesting found in one recording.
 *
 * @param humanTiers the human emotion tiers the flags compared against (may be empty)
 */
public record AutoSuggestResult(SegmentationResult segmentation, List<SegmentAnalysis> analyses,
        List<String> humanTiers, long elapsedMs) {

    public AutoSuggestResult {
        analyses = List.copyOf(analyses);
        humanTiers = List.copyOf(humanTiers);
    }

    public List<Suggestion> suggestions() {
        return analyses.stream().map(SegmentAnalysis::suggestion).toList();
    }

    public long flagged() {
        return analyses.stream().filter(a -> !a.suggestion().flags().isEmpty()).count();
    }
}
