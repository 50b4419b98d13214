package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Several independently trained networks of one architecture judged as one: every output is the
 * mean of the members' (logits, heads and attention alike). Members trained from different random
 * starts err differently, so their mean is right more often and less sure where they disagree.
 * Trained members go in as they are ({@link #member}); the block has no parameters of its own, and
 * its parameter file is the members' files one after the other.
 */
public final class EnsembleBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final List<AbstractBlock> members;

    public EnsembleBlock(List<? extends AbstractBlock> members) {
        super(VERSION);
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 members, got " + members.size());
        }
        this.members = List.copyOf(members);
        for (int k = 0; k < members.size(); k++) {
            addChildBlock("member" + k, members.get(k));
        }
    }

    /** {@code n} fresh networks from {@code fresh}: the network itself for one, an ensemble of them otherwise. */
    public static AbstractBlock ofFresh(int n, java.util.function.Supplier<? extends AbstractBlock> fresh) {
        if (n == 1) {
            return fresh.get();
        }
        List<AbstractBlock> blocks = new java.util.ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            blocks.add(fresh.get());
        }
        return new EnsembleBlock(blocks);
    }

    public int size() {
        return members.size();
    }

    public AbstractBlock member(int k) {
        return members.get(k);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        NDList first = members.get(0).forward(ps, in, training, p);
        NDArray[] sums = first.toArray(new NDArray[0]);
        for (int k = 1; k < members.size(); k++) {
            NDList out = members.get(k).forward(ps, in, training, p);
            for (int i = 0; i < sums.length; i++) {
                sums[i] = NDArrays.add(sums[i], out.get(i));
            }
        }
        NDList mean = new NDList(sums.length);
        for (NDArray s : sums) {
            mean.add(s.div(members.size()));
        }
        return mean;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return members.get(0).getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (AbstractBlock m : members) {
            m.initialize(manager, dataType, inputShapes);
        }
    }
}
