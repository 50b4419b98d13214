package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;

/** Operations over padded batches [B, T, ...] with a mask [B, T] of 1 (real frame) and 0 (padding). */
final class Masks {
    private Masks() {
    }

    /** Softmax over time that gives padding zero weight; an all-padding row gets uniform weight. */
    static NDArray softmax(NDArray scores, NDArray mask) {
        return scores.add(mask.sub(1f).mul(1e9f)).softmax(1);
    }

    /** Mean over the real frames: Σ x·m / max(Σ m, 1). */
    static NDArray mean(NDArray x, NDArray mask) {
        NDArray m = mask.expandDims(2);
        return x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1f));
    }

    /** Σ_t w_t · x_t for weights [B, T] and values [B, T, F]. */
    static NDArray weightedSum(NDArray weights, NDArray x) {
        return x.mul(weights.expandDims(2)).sum(new int[] {1});
    }

    /**
     * Reverses each sequence within its own length, leaving padding in place:
     * index(b, t) = len_b − 1 − t for t < len_b, t otherwise. Applying it twice restores x.
     */
    static NDArray reverseWithin(NDArray x, NDArray mask) {
        long t = x.getShape().get(1);
        NDArray len = mask.sum(new int[] {1}).toType(ai.djl.ndarray.types.DataType.INT64, false).expandDims(1);
        NDArray pos = x.getManager().arange(0, (int) t).toType(ai.djl.ndarray.types.DataType.INT64, false)
                .expandDims(0);
        NDArray inside = pos.lt(len);
        NDArray reversed = len.sub(1).sub(pos);
        NDArray index = NDArrays.where(inside, reversed, pos.broadcast(inside.getShape()));
        NDArray full = index.expandDims(2).broadcast(x.getShape());
        return x.gather(full, 1);
    }

    /** ai.djl.ndarray.NDArrays, named apart from our own helpers. */
    private static final class NDArrays {
        static NDArray where(NDArray condition, NDArray a, NDArray b) {
            return ai.djl.ndarray.NDArrays.where(condition, a, b);
        }
    }
}
