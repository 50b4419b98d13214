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
 * Inter-modal attention (seed 000, eqs. 12-17): one modality's context vector asks the other
 * modality's sequence: q = W_q c, k_t = W_k h_t, v_t = W_v h_t, β = softmax_t(qᵀk_t / √d),
 * z = Σ β_t v_t. Returns z [B, d] and β [B, T].
 */
final class CrossAttention extends AbstractBlock {
    private final int dim;
    private final Linear query;
    private final Linear key;
    private final Linear value;

    CrossAttention(int dim) {
        super((byte) 1);
        this.dim = dim;
        query = addChildBlock("query", Linear.builder().setUnits(dim).build());
        key = addChildBlock("key", Linear.builder().setUnits(dim).build());
        value = addChildBlock("value", Linear.builder().setUnits(dim).build());
    }

    NDList attend(ParameterStore ps, NDArray context, NDArray other, NDArray otherMask, boolean training) {
        NDArray q = query.forward(ps, new NDList(context), training).get(0);
        NDArray k = key.forward(ps, new NDList(other), training).get(0);
        NDArray v = value.forward(ps, new NDList(other), training).get(0);
        NDArray scores = k.mul(q.expandDims(1)).sum(new int[] {2}).div((float) Math.sqrt(dim));
        NDArray beta = Masks.softmax(scores, otherMask);
        return new NDList(Masks.weightedSum(beta, v), beta);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        return attend(ps, in.get(0), in.get(1), in.get(2), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), dim), new Shape(inputs[1].get(0), inputs[1].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        query.initialize(manager, dataType, s[0]);
        key.initialize(manager, dataType, s[1]);
        value.initialize(manager, dataType, s[1]);
    }
}
