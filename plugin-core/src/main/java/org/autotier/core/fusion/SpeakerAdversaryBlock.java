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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Training-time wrapper of a {@link CmafBlock} that makes its audio summary c_aud carry less of who
 * is speaking (speaker-adversarial training after Ganin and Lempitsky's gradient reversal, 2015).
 * A small classifier guesses the training speaker from c_aud; on the way back its gradient is
 * reversed and scaled by {@link #reversal(float)}, so the classifier learns to tell the speakers
 * apart while the BiLSTM learns to make that hard. A speaker's voice and recording are what an
 * emotion model must not lean on when the speakers, microphones and rooms it meets are new.
 *
 * <p>Outputs: the wrapped block's seven, then the speaker logits [B, speakers]. Only the wrapped
 * block is kept after training; the speaker classifier is thrown away.
 */
public final class SpeakerAdversaryBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final CmafBlock emotion;
    private final SequentialBlock speakerClassifier;
    private float reversal;

    /** Wraps {@code emotion}; the speaker classifier has {@code hidden} units and {@code speakers} outputs. */
    public SpeakerAdversaryBlock(CmafBlock emotion, int hidden, int speakers) {
        super(VERSION);
        this.emotion = addChildBlock("emotion", emotion);
        this.speakerClassifier = addChildBlock("speakerClassifier", new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(speakers).build()));
    }

    /** Sets the weight of the reversed gradient (0: the classifier learns, the BiLSTM does not hear it). */
    public void reversal(float weight) {
        this.reversal = weight;
    }

    /**
     * The identity on the way forward, −{@code weight} times the gradient on the way back: the value
     * is sg(x)·(1 + w) − w·x, whose derivative in x is −w and whose value is x.
     */
    public static NDArray reverseGradient(NDArray x, float weight) {
        return x.stopGradient().mul(1f + weight).sub(x.mul(weight));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        NDList out = emotion.forwardWithAudioSummary(ps, in, training);
        NDArray summary = out.remove(out.size() - 1);
        NDArray speaker = speakerClassifier.forward(ps, new NDList(reverseGradient(summary, reversal)), training)
                .singletonOrThrow();
        out.add(speaker);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] own = emotion.getOutputShapes(inputs);
        Shape[] all = java.util.Arrays.copyOf(own, own.length + 1);
        all[own.length] = speakerClassifier.getOutputShapes(new Shape[] {summaryShape(inputs)})[0];
        return all;
    }

    private Shape summaryShape(Shape[] inputs) {
        CmafConfig c = emotion.config();
        return new Shape(inputs[0].get(0), c.lstm() ? 2L * c.hidden() : inputs[0].get(2));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        emotion.initialize(manager, dataType, inputShapes);
        speakerClassifier.initialize(manager, dataType, summaryShape(inputShapes));
    }
}
