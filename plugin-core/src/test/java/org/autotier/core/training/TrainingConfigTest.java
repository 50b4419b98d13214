package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.autotier.core.fusion.CmafConfig;
import org.junit.jupiter.api.Test;

/** The builder and the withers change the fields they name and keep every other. */
class TrainingConfigTest {
    @Test
    void aBuilderKeepsWhatItStartedFromAndChangesWhatItIsTold() {
        TrainingConfig d = TrainingConfig.DEFAULTS;
        assertEquals(d, d.toBuilder().build());
        TrainingConfig c = d.toBuilder().hidden(128).augmentCopies(2).statistics(FunctionalExpert.PITCH).members(3)
                .speakerReferences(4).augmentPitch(true).shareVoices(true).shareOneMood(true).speakerAdversary(0.5).build();
        assertEquals(new TrainingConfig(d.variant(), 128, d.attention(), d.dropout(), d.learningRate(), d.batchSize(),
                d.maxEpochs(), d.patience(), d.seed(), d.maxFrames(), d.visualDim(), d.auxWeight(), d.architecture(),
                d.speakerNormalization(), d.augment(), d.normalization(), 2, d.logFloorDb(), d.clipGradient(),
                d.functionals(), FunctionalExpert.PITCH, 3, 4, true, true, true, 0.5), c);
    }

    @Test
    void withersChangeOneFieldEach() {
        TrainingConfig d = TrainingConfig.DEFAULTS;
        assertEquals(d.toBuilder().maxEpochs(5).patience(5).build(), d.withEpochs(5), "patience never exceeds the epochs");
        assertEquals(d.toBuilder().maxEpochs(80).build(), d.withEpochs(80));
        assertEquals(d.toBuilder().variant(CmafConfig.Variant.B).build(), d.withVariant(CmafConfig.Variant.B));
        assertEquals(d.toBuilder().visualDim(256).build(), d.withVisualDim(256));
        assertEquals(d.toBuilder().seed(7).build(), d.withSeed(7));
        assertEquals(d.toBuilder().members(3).build(), d.withMembers(3));
    }
}
