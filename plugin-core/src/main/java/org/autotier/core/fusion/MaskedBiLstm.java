package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bidirectional LSTM that respects padding: two unidirectional LSTMs, the backward one run on
 * each sequence reversed within its own length, so padding never leaks into real frames. (DJL's
 * own bidirectional LSTM with biases also registers its parameters in an order PyTorch rejects;
 * unidirectional ones do not have that problem.)
 *
 * <p>Input: x [B, T, F], mask [B, T]. Output: [B, T, 2H].
 */
final class MaskedBiLstm extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int hidden;
    private final LSTM forward;
    private final LSTM backward;

    MaskedBiLstm(int hidden) {
        super(VERSION);
        this.hidden = hidden;
        this.forward = addChildBlock("forward", LSTM.builder().setStateSize(hidden).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
        this.backward = addChildBlock("backward", LSTM.builder().setStateSize(hidden).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
    }

    /** The LSTM run forwards in time (for the ONNX export). */
    LSTM forwardLstm() {
        return forward;
    }

    /** The LSTM run on each sequence reversed within its length (for the ONNX export). */
    LSTM backwardLstm() {
        return backward;
    }

    int hidden() {
        return hidden;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray fw = forward.forward(ps, new NDList(x), training).get(0);
        NDArray bwIn = Masks.reverseWithin(x, mask);
        NDArray bw = Masks.reverseWithin(backward.forward(ps, new NDList(bwIn), training).get(0), mask);
        return new NDList(fw.concat(bw, 2).mul(mask.expandDims(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), 2L * hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        forward.initialize(manager, dataType, inputShapes[0]);
        backward.initialize(manager, dataType, inputShapes[0]);
    }
}
