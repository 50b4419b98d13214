package org.autotier.core.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The four input tensors every fusion block takes, built the same way for training and for
 * inference: audio frames normalised and centre-cropped or padded to {@code maxFrames} with their
 * mask, and the visual sequences (face embeddings at 10 fps) padded with theirs. windowed-qkv cuts
 * both time axes into the same windows, so its video spans the audio's centre seconds at a fixed
 * length; cmaf takes the batch's longest sequence. Without visual input the visual side is one
 * fully masked step.
 */
public final class FusionInputs {
    private FusionInputs() {
    }

    /**
     * @param visual per input, its visual frames, or null when the model gets no visual input
     * @param windowed whether the model is windowed-qkv
     */
    public static NDList of(NDManager m, Normalizer normalizer, List<float[][]> audio, List<float[][]> visual,
            int maxFrames, int visualDim, boolean windowed) {
        int b = audio.size();
        float[][] packed = normalizer.pack(audio, maxFrames);
        NDList out = new NDList(m.create(packed[0], new Shape(b, maxFrames, normalizer.mean().length)),
                m.create(packed[1], new Shape(b, maxFrames)));
        if (visual == null) {
            out.add(m.zeros(new Shape(b, 1, visualDim)));
            out.add(m.zeros(new Shape(b, 1)));
            return out;
        }
        int tv = windowed ? Math.max(1, maxFrames / 10)
                : Math.max(1, visual.stream().mapToInt(v -> v == null ? 0 : v.length).max().orElse(1));
        float[] x = new float[b * tv * visualDim];
        float[] mask = new float[b * tv];
        for (int i = 0; i < b; i++) {
            float[][] v = visual.get(i) == null ? new float[0][] : visual.get(i);
            int offset = Math.max(0, (v.length - tv) / 2);
            for (int k = 0; k < Math.min(tv, v.length); k++) {
                System.arraycopy(v[offset + k], 0, x, (i * tv + k) * visualDim, visualDim);
                mask[i * tv + k] = 1;
            }
        }
        out.add(m.create(x, new Shape(b, tv, visualDim)));
        out.add(m.create(mask, new Shape(b, tv)));
        return out;
    }
}
