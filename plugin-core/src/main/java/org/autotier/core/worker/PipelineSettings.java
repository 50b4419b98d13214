package org.autotier.core.worker;

import org.autotier.core.suggest.SuggestParams;

/**
 * What one auto-suggest job is run with, as the host's configuration says; travels to the child
 * as JSON, so it holds plain values only.
 *
 * @param model the model folder (absolute)
 * @param device auto, cpu or gpu
 */
public record PipelineSettings(String model, String device, double analysisFps, double vadThreshold,
        SuggestParams params) {
}
