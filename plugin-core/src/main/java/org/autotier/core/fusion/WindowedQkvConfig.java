package org.autotier.core.fusion;

/**
 * The windowed query-key-value fusion of seed 002 with its SE-style class-map classifier.
 *
 * @param channels N, the width of each modality's feature maps (and of q, k, v: D = N)
 * @param windows how many windows the time axis is cut into; each modality's window has
 *     T/windows steps (seed 002's window length S), so audio and video may run at different rates
 * @param reduction the excitation bottleneck's reduction (eq. 7)
 */
public record WindowedQkvConfig(int audioDim, int visualDim, int channels, int windows, int reduction, int classes) {
    public WindowedQkvConfig {
        if (audioDim < 1 || visualDim < 1 || channels < 1 || windows < 1 || reduction < 1 || classes < 2) {
            throw new IllegalArgumentException("dimensions must be positive and classes >= 2");
        }
    }

    int bottleneck() {
        return Math.max(1, 2 * channels / reduction);
    }
}
