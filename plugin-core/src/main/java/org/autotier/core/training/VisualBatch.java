package org.autotier.core.training;

import java.util.List;

/**
 * Packs visual sequences (face embeddings at 10 fps) into a padded batch. windowed-qkv cuts both
 * time axes into the same windows, so its video must span the same centre seconds as the audio
 * at a fixed length; cmaf takes the batch's longest sequence.
 */
public final class VisualBatch {
    private VisualBatch() {
    }

    /** {x [B·Tv·D], mask [B·Tv], {Tv}}. */
    public static float[][] pack(List<float[][]> visual, int dim, boolean fixedLength, int audioFrames) {
        int b = visual.size();
        int tv = fixedLength ? Math.max(1, audioFrames / 10)
                : Math.max(1, visual.stream().mapToInt(v -> v == null ? 0 : v.length).max().orElse(1));
        float[] x = new float[b * tv * dim];
        float[] mask = new float[b * tv];
        for (int i = 0; i < b; i++) {
            float[][] v = visual.get(i) == null ? new float[0][] : visual.get(i);
            int offset = Math.max(0, (v.length - tv) / 2);
            for (int k = 0; k < Math.min(tv, v.length); k++) {
                System.arraycopy(v[offset + k], 0, x, (i * tv + k) * dim, dim);
                mask[i * tv + k] = 1;
            }
        }
        return new float[][] {x, mask, {tv}};
    }
}
