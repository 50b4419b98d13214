package org.autotier.model.suggest;

/** Why a suggestion should go to a human first. Written space-separated in the autotier-flags tier. */
public enum Flag {
    /** The calibrated confidence is below the threshold. */
    LOW_CONFIDENCE,
    /** The audio-only and face-only heads disagree with each other or with the fused label. */
    MODALITY_CONFLICT,
    /** The label changes across overlapping windows, or MC-dropout variance is high. */
    UNSTABLE,
    /** Too few face frames or too little speech to judge. */
    WEAK_EVIDENCE,
    /** Human annotators disagree with each other or with the model. */
    HUMAN_DISAGREEMENT,
    /** The audio is unlike anything the model was trained on (noise, music, another channel). */
    OUT_OF_DOMAIN
}
