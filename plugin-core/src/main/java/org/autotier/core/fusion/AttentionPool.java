package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Intra-modal attention (seed 000, eqs. 9-11): u_t = tanh(W h_t + b), e_t = wᵀ u_t,
 * α = softmax_t(e) over the real frames, c = Σ α_t h_t. Input [B, T, F] → weights [B, T].
 */
final class AttentionPool extends AbstractBlock {
    private final Linear project;
    private final Linear score;

    AttentionPool(int attention) {
        super((byte) 1);
        project = addChildBlock("project", Linear.builder().setUnits(attention).build());
        score = addChildBlock("score", Linear.builder().setUnits(1).optBias(false).build());
    }

    NDArray weights(ParameterStore ps, NDArray h, NDArray mask, boolean training) {
        NDArray u = project.forward(ps, new NDList(h), training).get(0).tanh();
        NDArray e = score.forward(ps, new NDList(u), training).get(0).squeeze(2);
        return Masks.softmax(e, mask);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(weights(ps, in.get(0), in.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), inputs[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        project.initialize(manager, dataType, s[0]);
        score.initialize(manager, dataType, new Shape(s[0].get(0), s[0].get(1), project.getOutputShapes(
                new Shape[] {s[0]})[0].get(2)));
    }
}
