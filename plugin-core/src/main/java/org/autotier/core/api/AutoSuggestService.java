package org.autotier.core.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleConsumer;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.suggest.Suggestion;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Auto-suggests emotion tiers for a recording: segments where someone speaks with their face in
 * view, then a label, calibrated confidence, flags and review state per segment. The settings
 * (thresholds, model, device, analysis fps) come from ConfigAdmin, PID {@link #PID}, and take
 * effect for the next job without a restart.
 */
@ProviderType
public interface AutoSuggestService {
    /** The configuration PID of autotier's settings (described by Metatype). */
    String PID = "org.autotier";

    /**
     * @param media the recording to analyse
     * @param into the host's document to add to (null: a new EAF 3.0 document); its tiers are kept
     *        exactly, autotier's are replaced, human-reviewed suggestions are kept
     * @param eafPath where the host saves the document (relative media URL, sidecar names)
     * @param humanTiers human emotion tiers of {@code into} to compare with (may be empty)
     */
    record Request(Path media, EafDocument into, Path eafPath, List<String> humanTiers) {
        public Request {
            humanTiers = List.copyOf(humanTiers);
        }
    }

    /**
     * @param document the document with autotier's tiers
     * @param suggestions what it suggests, in time order
     * @param changedTiers the tiers that differ from the request's document
     */
    record Result(EafDocument document, List<Suggestion> suggestions, List<String> changedTiers) {
        public Result {
            suggestions = List.copyOf(suggestions);
            changedTiers = List.copyOf(changedTiers);
        }
    }

    /** A running job. */
    interface Job {
        /** Completes with the result, or exceptionally with the error (naming the file) or a cancellation. */
        CompletionStage<Result> result();

        /** The fraction done, 0 to 1. */
        double progress();

        /** Stops the job as soon as it can; its result completes with a CancellationException. */
        void cancel();
    }

    /** Starts a job in the background; {@code progress} (may be null) hears the fraction done. */
    Job start(Request request, DoubleConsumer progress);
}
