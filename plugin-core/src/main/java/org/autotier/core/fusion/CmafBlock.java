package org.autotier.core.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Cross-modal attentive fusion (seed 000) as one DJL block.
 *
 * <p>Inputs: audio [B, Ta, Da], audio mask [B, Ta], visual [B, Tv, Dv], visual mask [B, Tv].
 * Outputs, in order: fused logits [B, C]; audio-only logits on c_aud [B, C]; face-only logits on
 * c_vis [B, C] (the auxiliary heads the disagreement flags compare); the intra-modal weights
 * α_aud [B, Ta] and α_vis [B, Tv]; the inter-modal weights β_a→v [B, Tv] and β_v→a [B, Ta]
 * (zeros where the variant has no such attention), which the review panel draws as a heatmap.
 */
public final class CmafBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final CmafConfig config;
    private MaskedBiLstm audioLstm;
    private MaskedBiLstm visualLstm;
    private AttentionPool audioPool;
    private AttentionPool visualPool;
    private CrossAttention audioToVisual;
    private CrossAttention visualToAudio;
    private final SequentialBlock classifier;
    private final Linear audioHead;
    private final Linear visualHead;

    public CmafBlock(CmafConfig config) {
        super(VERSION);
        this.config = config;
        if (config.lstm()) {
            audioLstm = addChildBlock("audioLstm", new MaskedBiLstm(config.hidden()));
            visualLstm = addChildBlock("visualLstm", new MaskedBiLstm(config.hidden()));
        }
        if (config.intraAttention()) {
            audioPool = addChildBlock("audioAttention", new AttentionPool(config.attention()));
            visualPool = addChildBlock("visualAttention", new AttentionPool(config.attention()));
        }
        if (config.audioToVisual()) {
            audioToVisual = addChildBlock("audioToVisual", new CrossAttention(config.attention()));
        }
        if (config.visualToAudio()) {
            visualToAudio = addChildBlock("visualToAudio", new CrossAttention(config.attention()));
        }
        classifier = addChildBlock("classifier", new SequentialBlock()
                .add(Linear.builder().setUnits(config.hidden()).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(config.dropout()).build())
                .add(Linear.builder().setUnits(config.classes()).build()));
        audioHead = addChildBlock("audioHead", Linear.builder().setUnits(config.classes()).build());
        visualHead = addChildBlock("visualHead", Linear.builder().setUnits(config.classes()).build());
    }

    public CmafConfig config() {
        return config;
    }

    /** The audio BiLSTM (null for variant A), for the ONNX export. */
    MaskedBiLstm audioLstm() {
        return audioLstm;
    }

    /** The audio-only head on c_aud, for the ONNX export. */
    Linear audioHead() {
        return audioHead;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        NDList out = forwardWithAudioSummary(ps, in, training);
        out.remove(out.size() - 1);
        return out;
    }

    /**
     * The block's seven outputs followed by the audio summary c_aud [B, 2·hidden], which training
     * alone reads (a speaker adversary, {@link SpeakerAdversaryBlock}); the outputs a model ships
     * with stay the seven.
     */
    public NDList forwardWithAudioSummary(ParameterStore ps, NDList in, boolean training) {
        NDArray audio = in.get(0);
        NDArray audioMask = in.get(1);
        NDArray visual = in.get(2);
        NDArray visualMask = in.get(3);
        NDArray ha = config.lstm() ? audioLstm.forward(ps, new NDList(audio, audioMask), training).get(0) : audio;
        NDArray hv = config.lstm() ? visualLstm.forward(ps, new NDList(visual, visualMask), training).get(0) : visual;
        NDArray alphaA;
        NDArray alphaV;
        if (config.intraAttention()) {
            alphaA = audioPool.weights(ps, ha, audioMask, training);
            alphaV = visualPool.weights(ps, hv, visualMask, training);
        } else {
            alphaA = audioMask.div(audioMask.sum(new int[] {1}, true).maximum(1f));
            alphaV = visualMask.div(visualMask.sum(new int[] {1}, true).maximum(1f));
        }
        NDArray cAud = Masks.weightedSum(alphaA, ha);
        NDArray cVis = Masks.weightedSum(alphaV, hv);
        NDList parts = new NDList(cVis, cAud);
        NDArray betaAv = visualMask.zerosLike();
        NDArray betaVa = audioMask.zerosLike();
        if (config.audioToVisual()) {
            NDList r = audioToVisual.attend(ps, cAud, hv, visualMask, training);
            parts.add(r.get(0));
            betaAv = r.get(1);
        }
        if (config.visualToAudio()) {
            NDList r = visualToAudio.attend(ps, cVis, ha, audioMask, training);
            parts.add(r.get(0));
            betaVa = r.get(1);
        }
        NDArray fused = classifier.forward(ps, new NDList(NDArrays.concat(parts, 1)), training).get(0);
        NDArray audioLogits = audioHead.forward(ps, new NDList(cAud), training).get(0);
        NDArray visualLogits = visualHead.forward(ps, new NDList(cVis), training).get(0);
        return new NDList(fused, audioLogits, visualLogits, alphaA, alphaV, betaAv, betaVa, cAud);
    }

    private static final class NDArrays {
        static NDArray concat(NDList parts, int axis) {
            return ai.djl.ndarray.NDArrays.concat(parts, axis);
        }
    }

    private long fusedWidth() {
        long a = config.summary(config.audioDim());
        long v = config.summary(config.visualDim());
        long w = a + v;
        if (config.audioToVisual()) {
            w += config.attention();
        }
        if (config.visualToAudio()) {
            w += config.attention();
        }
        return w;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return outputShapes(inputs, config.classes());
    }

    /**
     * The output contract every fusion block keeps (so training, the model folder and run take
     * any of them): three logits [B, C], then weights [B, Ta], [B, Tv], [B, Tv], [B, Ta].
     */
    static Shape[] outputShapes(Shape[] inputs, long classes) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, classes), new Shape(b, classes), new Shape(b, classes),
            new Shape(b, inputs[0].get(1)), new Shape(b, inputs[2].get(1)), new Shape(b, inputs[2].get(1)),
            new Shape(b, inputs[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        Shape audio = s[0];
        Shape visual = s[2];
        long b = audio.get(0);
        Shape ha = config.lstm() ? new Shape(b, audio.get(1), 2L * config.hidden()) : audio;
        Shape hv = config.lstm() ? new Shape(b, visual.get(1), 2L * config.hidden()) : visual;
        if (config.lstm()) {
            audioLstm.initialize(manager, dataType, audio, s[1]);
            visualLstm.initialize(manager, dataType, visual, s[3]);
        }
        if (config.intraAttention()) {
            audioPool.initialize(manager, dataType, ha);
            visualPool.initialize(manager, dataType, hv);
        }
        Shape cAud = new Shape(b, ha.get(2));
        Shape cVis = new Shape(b, hv.get(2));
        if (config.audioToVisual()) {
            audioToVisual.initialize(manager, dataType, cAud, hv);
        }
        if (config.visualToAudio()) {
            visualToAudio.initialize(manager, dataType, cVis, ha);
        }
        classifier.initialize(manager, dataType, new Shape(b, fusedWidth()));
        audioHead.initialize(manager, dataType, cAud);
        visualHead.initialize(manager, dataType, cVis);
    }
}
