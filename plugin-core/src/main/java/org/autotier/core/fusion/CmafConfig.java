package org.autotier.core.fusion;

/**
 * The cross-modal attentive fusion model of seed 000 and its ablations (Table 2):
 * <ul>
 *   <li>A: frame features averaged over time per modality, concatenated, classified (no BiLSTM);
 *   <li>B: A with a BiLSTM per modality (mean of its outputs);
 *   <li>C: B with intra-modal attention pooling (eqs. 9-11) instead of the mean;
 *   <li>D: C with bidirectional inter-modal attention (audio→visual and visual→audio, eqs. 12-17):
 *       the full model, MLP over [c_vis; c_aud; z_a→v; z_v→a] (eq. 19);
 *   <li>E: C with one direction only (audio→visual).
 * </ul>
 * The paper's text and its Table 2 disagree on whether D or E is the full model; autotier follows
 * the text (D = full, E = unidirectional) and says so in docs/fusion-model.md.
 */
public record CmafConfig(Variant variant, int audioDim, int visualDim, int hidden, int attention, int classes,
        float dropout) {

    public enum Variant {
        A, B, C, D, E;

        /** Whether this variant pools each modality with intra-modal attention (C, D, E). */
        public boolean intraAttention() {
            return this == C || this == D || this == E;
        }
    }

    public CmafConfig {
        if (audioDim < 1 || visualDim < 1 || hidden < 1 || attention < 1 || classes < 2) {
            throw new IllegalArgumentException("dimensions must be positive and classes >= 2");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
    }

    boolean lstm() {
        return variant != Variant.A;
    }

    boolean intraAttention() {
        return variant.intraAttention();
    }

    boolean audioToVisual() {
        return variant == Variant.D || variant == Variant.E;
    }

    boolean visualToAudio() {
        return variant == Variant.D;
    }

    /** Width of one modality's summary: 2 × hidden after a BiLSTM, the raw feature size otherwise. */
    int summary(int inputDim) {
        return lstm() ? 2 * hidden : inputDim;
    }
}
