package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Windowed cross-modal query-key-value fusion and the class-map classifier of seed 002
 * (eqs. 1-8), as one DJL block with the same inputs and outputs as {@link CmafBlock}.
 *
 * <ol>
 *   <li>Feature maps: each modality's frames are projected to N channels (ReLU), padding zeroed.
 *   <li>Windows (eqs. 1, 5): both time axes are cut into the same number of windows. In window i
 *       the video maps give the queries and the audio maps the keys and values (q = w_q v_s,
 *       k = w_k a_s, v = w_v a_s), and the other way round for the audio side.
 *   <li>Attention (eqs. 2-4): softmax(q kᵀ / √D) v within each window, padding keys excluded.
 *   <li>New feature maps (eq. 6): F'_V = F_V ⊙ A_V, F'_A = F_A ⊙ A_A.
 *   <li>Classifier (eqs. 7-8): z = global average of [F'_V; F'_A]; for each class c an excitation
 *       s_c = σ(W2_c δ(W1_c z)) scales the channels, F̂_c = F' * s_c, and the class score is the
 *       global average of F̂_c; softmax over classes gives R (the loss applies it).
 * </ol>
 * Also the audio-only and face-only heads on the averaged feature maps, which the flags compare.
 * Outputs: fused, audio and visual logits [B, C]; the audio and visual frame weights [B, T]
 * (uniform over real frames); the attention each video step and each audio step received from
 * the other modality, averaged over the window ([B, Tv], [B, Ta]).
 */
public final class WindowedQkvBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final WindowedQkvConfig config;
    private final Linear audioIn;
    private final Linear visualIn;
    private final Linear queryVisual;
    private final Linear keyAudio;
    private final Linear valueAudio;
    private final Linear queryAudio;
    private final Linear keyVisual;
    private final Linear valueVisual;
    private final Linear excite;
    private final Parameter expand;
    private final Linear audioHead;
    private final Linear visualHead;

    public WindowedQkvBlock(WindowedQkvConfig config) {
        super(VERSION);
        this.config = config;
        int n = config.channels();
        audioIn = addChildBlock("audioIn", Linear.builder().setUnits(n).build());
        visualIn = addChildBlock("visualIn", Linear.builder().setUnits(n).build());
        queryVisual = addChildBlock("queryVisual", Linear.builder().setUnits(n).optBias(false).build());
        keyAudio = addChildBlock("keyAudio", Linear.builder().setUnits(n).optBias(false).build());
        valueAudio = addChildBlock("valueAudio", Linear.builder().setUnits(n).optBias(false).build());
        queryAudio = addChildBlock("queryAudio", Linear.builder().setUnits(n).optBias(false).build());
        keyVisual = addChildBlock("keyVisual", Linear.builder().setUnits(n).optBias(false).build());
        valueVisual = addChildBlock("valueVisual", Linear.builder().setUnits(n).optBias(false).build());
        // W1_c for every class at once: one linear layer with C × bottleneck outputs
        excite = addChildBlock("excite", Linear.builder().setUnits((long) config.classes() * config.bottleneck())
                .build());
        expand = addParameter(Parameter.builder().setName("expand").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.classes(), config.bottleneck(), 2L * n)).build());
        audioHead = addChildBlock("audioHead", Linear.builder().setUnits(config.classes()).build());
        visualHead = addChildBlock("visualHead", Linear.builder().setUnits(config.classes()).build());
    }

    public WindowedQkvConfig config() {
        return config;
    }

    /** Pads [B, T, ...] and its mask [B, T] with zeros to a multiple of the window count. */
    private NDList padToWindows(NDArray x, NDArray mask) {
        long t = x.getShape().get(1);
        long w = config.windows();
        long padded = Math.max(w, (t + w - 1) / w * w);
        if (padded == t) {
            return new NDList(x, mask);
        }
        Shape xs = x.getShape();
        NDArray zx = x.getManager().zeros(new Shape(xs.get(0), padded - t, xs.get(2)), x.getDataType());
        NDArray zm = mask.getManager().zeros(new Shape(xs.get(0), padded - t), mask.getDataType());
        return new NDList(NDArrays.concat(new NDList(x, zx), 1), NDArrays.concat(new NDList(mask, zm), 1));
    }

    private NDArray project(ParameterStore ps, Linear l, NDArray x, boolean training) {
        return l.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * softmax(q kᵀ / √D) v in every window. q [B, W, Sq, N], k and v [B, W, Sk, N], keyMask [B, W, Sk].
     * Returns the attended values [B, W, Sq, N] and the attention each key received [B, W, Sk].
     */
    private NDList attend(NDArray q, NDArray k, NDArray v, NDArray keyMask) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(config.channels()));
        // padding keys get no weight; a window with no real key attends uniformly to zero values
        NDArray p = scores.add(keyMask.expandDims(2).sub(1f).mul(1e9f)).softmax(3);
        return new NDList(p.matMul(v), p.mean(new int[] {2}));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray audioMask0 = in.get(1);
        NDArray visualMask0 = in.get(3);
        long ta0 = in.get(0).getShape().get(1);
        long tv0 = in.get(2).getShape().get(1);
        NDList a = padToWindows(in.get(0), audioMask0);
        NDList v = padToWindows(in.get(2), visualMask0);
        NDArray audioMask = a.get(1);
        NDArray visualMask = v.get(1);
        NDArray fa = project(ps, audioIn, a.get(0), training).maximum(0f).mul(audioMask.expandDims(2));
        NDArray fv = project(ps, visualIn, v.get(0), training).maximum(0f).mul(visualMask.expandDims(2));
        long b = fa.getShape().get(0);
        long w = config.windows();
        long n = config.channels();
        long sa = fa.getShape().get(1) / w;
        long sv = fv.getShape().get(1) / w;
        NDArray faw = fa.reshape(b, w, sa, n);
        NDArray fvw = fv.reshape(b, w, sv, n);
        NDArray maw = audioMask.reshape(b, w, sa);
        NDArray mvw = visualMask.reshape(b, w, sv);
        NDList toVisual = attend(project(ps, queryVisual, fvw, training), project(ps, keyAudio, faw, training),
                project(ps, valueAudio, faw, training), maw);
        NDList toAudio = attend(project(ps, queryAudio, faw, training), project(ps, keyVisual, fvw, training),
                project(ps, valueVisual, fvw, training), mvw);
        NDArray fvNew = fvw.mul(toVisual.get(0)).reshape(b, w * sv, n); // eq. 6
        NDArray faNew = faw.mul(toAudio.get(0)).reshape(b, w * sa, n);
        NDArray z = NDArrays.concat(new NDList(Masks.mean(fvNew, visualMask), Masks.mean(faNew, audioMask)), 1);
        // eq. 7 for every class: s_c = σ(W2_c δ(W1_c z)), [B, C, 2N]
        int c = config.classes();
        NDArray hidden = project(ps, excite, z, training).maximum(0f).reshape(b, c, 1, config.bottleneck());
        NDArray w2 = ps.getValue(expand, z.getDevice(), training);
        NDArray s = Activation.sigmoid(hidden.matMul(w2).reshape(b, c, 2 * n));
        // eq. 8: GAP of F̂_c = F' * s_c over time and channels = mean_n s_c,n · z_n
        NDArray fused = s.mul(z.expandDims(1)).mean(new int[] {2});
        NDArray audioLogits = project(ps, audioHead, Masks.mean(fa, audioMask), training);
        NDArray visualLogits = project(ps, visualHead, Masks.mean(fv, visualMask), training);
        NDArray alphaA = audioMask0.div(audioMask0.sum(new int[] {1}, true).maximum(1f));
        NDArray alphaV = visualMask0.div(visualMask0.sum(new int[] {1}, true).maximum(1f));
        NDArray betaVa = toVisual.get(1).reshape(b, w * sa).get(":, :" + ta0);
        NDArray betaAv = toAudio.get(1).reshape(b, w * sv).get(":, :" + tv0);
        return new NDList(fused, audioLogits, visualLogits, alphaA, alphaV, betaAv, betaVa);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return CmafBlock.outputShapes(inputs, config.classes());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        long b = s[0].get(0);
        long n = config.channels();
        audioIn.initialize(manager, dataType, s[0]);
        visualIn.initialize(manager, dataType, s[2]);
        Shape maps = new Shape(b, config.windows(), 1, n);
        for (Linear l : new Linear[] {queryVisual, keyAudio, valueAudio, queryAudio, keyVisual, valueVisual}) {
            l.initialize(manager, dataType, maps);
        }
        excite.initialize(manager, dataType, new Shape(b, 2 * n));
        audioHead.initialize(manager, dataType, new Shape(b, n));
        visualHead.initialize(manager, dataType, new Shape(b, n));
    }
}
