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
    private final float auxWeight;

    public FusionLoss(float auxWeight) {
        super("fusion");
        this.auxWeight = auxWeight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.get(0);
        NDArray fused = term(y, predictions.get(0), labels);
        NDArray audio = term(y, predictions.get(1), labels);
        NDArray visual = term(y, predictions.get(2), labels);
        return fused.add(audio.add(visual).mul(auxWeight));
    }

    private NDArray term(NDArray y, NDArray logits, NDList labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray index = y.toType(ai.djl.ndarray.types.DataType.INT64, false).expandDims(1);
        NDArray picked = logp.gather(index, 1).squeeze(1).neg();
        if (labels.size() > 1) {
            NDArray w = labels.get(1);
            return picked.mul(w).sum().div(w.sum());
        }
        return picked.mean();
    }
}
