package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy of the fused logits plus {@code auxWeight} times that of each single-modality
 * head, so the audio-only and face-only heads learn what each modality alone says. Labels: class
 * indices [B]; optional per-sample weights [B] (class weighting) as a second label array.
 */
public final class FusionLoss extends Loss {
    private final float fusedWeight;
    private final float audioWeight;
    private final float visualWeight;

    /** Fused term plus {@code auxWeight} times each single-modality term. */
    public FusionLoss(float auxWeight) {
        this(1f, auxWeight, auxWeight);
    }

    /**
     * Explicit weights per head. An audio-only corpus trains with (0, 1, 0): the face head and the
     * fused head would only learn to ignore an empty visual input.
     */
    public FusionLoss(float fusedWeight, float audioWeight, float visualWeight) {
        super("fusion");
        this.fusedWeight = fusedWeight;
        this.audioWeight = audioWeight;
        this.visualWeight = visualWeight;
    }

    /** Loss for corpora without video: the audio head alone. */
    public static FusionLoss audioOnly() {
        return new FusionLoss(0f, 1f, 0f);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.get(0);
        NDArray total = null;
        float[] weights = {fusedWeight, audioWeight, visualWeight};
        for (int head = 0; head < 3; head++) {
            if (weights[head] != 0) {
                NDArray t = term(y, predictions.get(head), labels).mul(weights[head]);
                total = total == null ? t : total.add(t);
            }
        }
        return total;
    }

    private NDArray term(NDArray y, NDArray logits, NDList labels) {
        NDArray picked = negativeLogLikelihood(logits, y);
        if (labels.size() > 1) {
            NDArray w = labels.get(1);
            return picked.mul(w).sum().div(w.sum());
        }
        return picked.mean();
    }

    /** Each sample's −log softmax(logits)[y], logits [B, C] and class indices y [B]. */
    static NDArray negativeLogLikelihood(NDArray logits, NDArray y) {
        NDArray index = y.toType(ai.djl.ndarray.types.DataType.INT64, false).expandDims(1);
        return logits.logSoftmax(1).gather(index, 1).squeeze(1).neg();
    }
}
