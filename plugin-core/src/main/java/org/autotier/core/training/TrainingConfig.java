package org.autotier.core.training;

import org.autotier.core.fusion.CmafConfig;

/**
 * How a model is trained. Defaults: Adam at 1e-3, batch 32, up to 40 epochs with early stopping
 * after 8 epochs without a better validation loss, class weights against imbalance, seed 42.
 *
 * @param maxFrames frames per clip (centre crop; 300 = 3 s)
 */
public record TrainingConfig(CmafConfig.Variant variant, int hidden, int attention, float dropout, float learningRate,
        int batchSize, int maxEpochs, int patience, long seed, int maxFrames, int visualDim, float auxWeight) {

    public static final TrainingConfig DEFAULTS =
            new TrainingConfig(CmafConfig.Variant.C, 64, 64, 0.3f, 1e-3f, 32, 40, 8, 42, 300, 7, 0.5f);

    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(variant, hidden, attention, dropout, learningRate, batchSize, epochs,
                Math.min(patience, epochs), seed, maxFrames, visualDim, auxWeight);
    }

    public TrainingConfig withVariant(CmafConfig.Variant v) {
        return new TrainingConfig(v, hidden, attention, dropout, learningRate, batchSize, maxEpochs, patience, seed,
                maxFrames, visualDim, auxWeight);
    }
}
