package org.autotier.core.training;

import org.autotier.core.fusion.CmafConfig;

/**
 * How a model is trained. Defaults: Adam at 1e-3, batch 32, up to 40 epochs with early stopping
 * after 8 epochs without a better validation loss, class weights against imbalance, seed 42.
 *
 * @param maxFrames frames per clip (centre crop; 300 = 3 s)
 * @param augment SpecAugment-style time and feature masking of the training clips
 * @param speakerNormalization z-score features per speaker (per recording at run time) before the model
 * @param architecture "cmaf" (seed 000) or "windowed-qkv" (seed 002; hidden = channels, attention = windows)
 * @param normalization global, speaker or utterance ({@link FeatureNormalization}); null in cards
 *     written before it existed, where speakerNormalization says it
 * @param logFloorDb the log-mel floor in dB below each clip's peak ({@code AudioFeatureConfig#floorDb});
 *     0 is seed 000's fixed floor
 * @param clipGradient each gradient element clipped to ± this (0: none, as the models trained before
 *     it existed, the shipped one among them); guards against the rare exploding step
 * @param augmentCopies augmented copies of every training clip ({@code AudioAugmentation}: speed,
 *     room, microphone, noise, codec, level), 0 for none
 * @param functionals train the second audio expert on speaker-relative utterance statistics
 *     ({@link FunctionalExpert}) beside the BiLSTM
 * @param statistics which statistics that expert reads ({@link FunctionalExpert#ALL},
 *     {@link FunctionalExpert#PITCH} or {@link FunctionalExpert#VOICE}); null in cards written before
 *     the choice existed: all
 * @param members networks trained from different random starts (seed, seed + 1, ...) and averaged
 *     ({@code org.autotier.core.fusion.EnsembleBlock}); 0 in cards written before it existed: one
 * @param speakerReferences reference sets per training speaker for the second expert
 *     ({@link FunctionalExpert#relativeToVariedReferences}): 1 is all of the speaker's clips; each
 *     further one holds the clips of one to three of the speaker's emotions; 0 in cards written
 *     before it existed: one
 * @param augmentPitch the augmented copies also move the voice's pitch and formants, tempo kept
 *     ({@code AudioAugmentation#pitchShift}); false in cards written before it existed
 * @param shareVoices the second expert (penalty, temperature, share, the pool's temperature) is fitted on the validation
 *     speakers and on the same speakers in two other voices ({@code FeatureTable#inAnotherVoice}), so
 *     that they hold for speakers unlike the training corpus's; false in cards written before it existed
 * @param shareOneMood the expert's share and the pool's temperature are fitted also on each validation speaker
 *     heard at length in one emotion ({@link FunctionalExpert#fit}): a recording is rarely an acted corpus's
 *     balance of emotions; false in cards written before it existed
 * @param speakerAdversary the weight of the reversed gradient of a speaker classifier on the BiLSTM's clip
 *     summary ({@code org.autotier.core.fusion.SpeakerAdversaryBlock}), reached by DANN's ramp; 0 for none, as
 *     in cards written before it existed
 */
public record TrainingConfig(CmafConfig.Variant variant, int hidden, int attention, float dropout, float learningRate,
        int batchSize, int maxEpochs, int patience, long seed, int maxFrames, int visualDim, float auxWeight,
        String architecture, boolean speakerNormalization, boolean augment, String normalization,
        int augmentCopies, double logFloorDb, double clipGradient, boolean functionals, String statistics,
        int members, int speakerReferences, boolean augmentPitch, boolean shareVoices, boolean shareOneMood,
        double speakerAdversary) {

    public static final String CMAF = "cmaf";
    public static final String WINDOWED_QKV = "windowed-qkv";


    public static final TrainingConfig DEFAULTS =
            new TrainingConfig(CmafConfig.Variant.C, 64, 64, 0.3f, 1e-3f, 32, 40, 8, 42, 300, 7, 0.5f, CMAF, false, false,
                    null, 0, 60, 1.0, false, null, 1, 1, false, false, false, 0);

    public TrainingConfig withEpochs(int epochs) {
        return toBuilder().maxEpochs(epochs).patience(Math.min(patience, epochs)).build();
    }

    public TrainingConfig withVariant(CmafConfig.Variant v) {
        return toBuilder().variant(v).build();
    }

    /** The same configuration with visual frames of {@code dim} (256 for face embeddings). */
    public TrainingConfig withVisualDim(int dim) {
        return toBuilder().visualDim(dim).build();
    }

    /** The same configuration with another seed (each ensemble member has its own). */
    public TrainingConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /** The same configuration with {@code n} networks. */
    public TrainingConfig withMembers(int n) {
        return toBuilder().members(n).build();
    }

    /** A builder holding this configuration, to change some of its fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.variant = variant;
        b.hidden = hidden;
        b.attention = attention;
        b.dropout = dropout;
        b.learningRate = learningRate;
        b.batchSize = batchSize;
        b.maxEpochs = maxEpochs;
        b.patience = patience;
        b.seed = seed;
        b.maxFrames = maxFrames;
        b.visualDim = visualDim;
        b.auxWeight = auxWeight;
        b.architecture = architecture;
        b.speakerNormalization = speakerNormalization;
        b.augment = augment;
        b.normalization = normalization;
        b.augmentCopies = augmentCopies;
        b.logFloorDb = logFloorDb;
        b.clipGradient = clipGradient;
        b.functionals = functionals;
        b.statistics = statistics;
        b.members = members;
        b.speakerReferences = speakerReferences;
        b.augmentPitch = augmentPitch;
        b.shareVoices = shareVoices;
        b.shareOneMood = shareOneMood;
        b.speakerAdversary = speakerAdversary;
        return b;
    }

    /** Sets any of the fields by name; unset ones keep what {@link #toBuilder()} started from. */
    public static final class Builder {
        private CmafConfig.Variant variant;
        private int hidden;
        private int attention;
        private float dropout;
        private float learningRate;
        private int batchSize;
        private int maxEpochs;
        private int patience;
        private long seed;
        private int maxFrames;
        private int visualDim;
        private float auxWeight;
        private String architecture;
        private boolean speakerNormalization;
        private boolean augment;
        private String normalization;
        private int augmentCopies;
        private double logFloorDb;
        private double clipGradient;
        private boolean functionals;
        private String statistics;
        private int members;
        private int speakerReferences;
        private boolean augmentPitch;
        private boolean shareVoices;
        private boolean shareOneMood;
        private double speakerAdversary;

        public Builder variant(CmafConfig.Variant value) {
            this.variant = value;
            return this;
        }

        public Builder hidden(int value) {
            this.hidden = value;
            return this;
        }

        public Builder attention(int value) {
            this.attention = value;
            return this;
        }

        public Builder dropout(float value) {
            this.dropout = value;
            return this;
        }

        public Builder learningRate(float value) {
            this.learningRate = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder maxEpochs(int value) {
            this.maxEpochs = value;
            return this;
        }

        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder maxFrames(int value) {
            this.maxFrames = value;
            return this;
        }

        public Builder visualDim(int value) {
            this.visualDim = value;
            return this;
        }

        public Builder auxWeight(float value) {
            this.auxWeight = value;
            return this;
        }

        public Builder architecture(String value) {
            this.architecture = value;
            return this;
        }

        public Builder speakerNormalization(boolean value) {
            this.speakerNormalization = value;
            return this;
        }

        public Builder augment(boolean value) {
            this.augment = value;
            return this;
        }

        public Builder normalization(String value) {
            this.normalization = value;
            return this;
        }

        public Builder augmentCopies(int value) {
            this.augmentCopies = value;
            return this;
        }

        public Builder logFloorDb(double value) {
            this.logFloorDb = value;
            return this;
        }

        public Builder clipGradient(double value) {
            this.clipGradient = value;
            return this;
        }

        public Builder functionals(boolean value) {
            this.functionals = value;
            return this;
        }

        public Builder statistics(String value) {
            this.statistics = value;
            return this;
        }

        public Builder members(int value) {
            this.members = value;
            return this;
        }

        public Builder speakerReferences(int value) {
            this.speakerReferences = value;
            return this;
        }

        public Builder augmentPitch(boolean value) {
            this.augmentPitch = value;
            return this;
        }

        public Builder speakerAdversary(double value) {
            this.speakerAdversary = value;
            return this;
        }

        public Builder shareOneMood(boolean value) {
            this.shareOneMood = value;
            return this;
        }

        public Builder shareVoices(boolean value) {
            this.shareVoices = value;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(variant, hidden, attention, dropout, learningRate, batchSize, maxEpochs, patience, seed, maxFrames, visualDim, auxWeight, architecture, speakerNormalization, augment, normalization, augmentCopies, logFloorDb, clipGradient, functionals, statistics, members, speakerReferences, augmentPitch, shareVoices, shareOneMood, speakerAdversary);
        }
    }

    /** Reference sets per training speaker for the second expert: 1 for cards written before the choice. */
    public int speakerReferenceCount() {
        return Math.max(1, speakerReferences);
    }

    /** Networks in the model: 1 for cards written before ensembles existed. */
    public int memberCount() {
        return Math.max(1, members);
    }

    /** The architecture; model cards written before windowed-qkv existed say nothing, meaning cmaf. */
    public String architectureName() {
        return architecture == null ? CMAF : architecture;
    }
}
