package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The emotion loss of a {@link SpeakerAdversaryBlock}'s wrapped network plus the speaker
 * classifier's cross-entropy (the reversed gradient, not this sum, turns the latter against the
 * BiLSTM). Labels: emotion classes [B], per-sample weights [B], speaker indices [B]; predictions:
 * the block's eight outputs, the speaker logits last.
 */
public final class SpeakerAdversaryLoss extends Loss {
    private final FusionLoss emotion;

    public SpeakerAdversaryLoss(FusionLoss emotion) {
        super("speaker-adversary");
        this.emotion = emotion;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emotionLoss = emotion.evaluate(new NDList(labels.get(0), labels.get(1)), predictions);
        NDArray speakerLogits = predictions.get(predictions.size() - 1);
        return emotionLoss.add(FusionLoss.negativeLogLikelihood(speakerLogits, labels.get(2)).mean());
    }
}
