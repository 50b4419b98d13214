package org.autotier.core.suggest;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.autotier.core.onnx.OnnxModels;
import org.autotier.core.training.ModelCard;
import org.autotier.core.training.ModelStore;
import org.autotier.core.training.Normalizer;

/**
 * A model's audio head in ONNX Runtime ({@code model.onnx}, written by
 * {@link org.autotier.core.fusion.OnnxExport}): the same logits as the DJL/PyTorch network, with
 * no PyTorch in the process. Used on the CPU for models that have one; sessions are thread-safe.
 */
final class OnnxEmotionModel implements AutoCloseable {
    private final OrtSession session;
    private final int frames;
    private final int dim;
    private final int classes;

    private OnnxEmotionModel(OrtSession session, ModelCard card) {
        this.session = session;
        this.frames = card.maxFrames();
        this.dim = card.audioDim();
        this.classes = card.labels().size();
    }

    /**
     * The model's ONNX form, or null when it has none, or one made from other parameters (a
     * model.onnx left behind by an earlier training in the same folder), or an ensemble.
     *
     * @param threads ONNX Runtime's threads for this model
     */
    static OnnxEmotionModel openIfCurrent(Path dir, ModelCard card, int threads) throws IOException {
        Path file = dir.resolve(ModelStore.ONNX);
        if (!Files.isRegularFile(file) || ModelStore.members(card) != 1 || "fused".equals(card.head())) {
            return null;
        }
        OrtSession session = OnnxModels.open(Files.readAllBytes(file), file.toString(), threads);
        try {
            if (!ModelStore.onnxGraphName(dir).equals(session.getMetadata().getGraphName())) {
                session.close();
                return null;
            }
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IOException(file + ": unreadable: " + e.getMessage(), e);
        }
        return new OnnxEmotionModel(session, card);
    }

    /**
     * Audio logits [n][classes] for a batch of feature sequences, as the network's audio head gives
     * them, normalised and cropped as the network's inputs are ({@link Normalizer#pack}).
     */
    double[][] logits(List<float[][]> audio, Normalizer normalizer) {
        int n = audio.size();
        float[] packed = normalizer.pack(audio, frames)[0]; // [n, T, F]
        float[] x = new float[frames * n * dim];
        float[] reversed = new float[frames * n * dim];
        float[] weights = new float[n * frames];
        for (int b = 0; b < n; b++) {
            int length = Math.min(frames, audio.get(b).length); // the real frames, as pack's mask has them
            for (int t = 0; t < length; t++) {
                System.arraycopy(packed, (b * frames + t) * dim, x, (t * n + b) * dim, dim);
                System.arraycopy(packed, (b * frames + length - 1 - t) * dim, reversed, (t * n + b) * dim, dim);
                weights[b * frames + t] = 1f / length;
            }
        }
        var env = OnnxModels.environment();
        try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {frames, n, dim});
                OnnxTensor tr = OnnxTensor.createTensor(env, FloatBuffer.wrap(reversed), new long[] {frames, n, dim});
                OnnxTensor tw = OnnxTensor.createTensor(env, FloatBuffer.wrap(weights), new long[] {1, n, 1, frames});
                OrtSession.Result r = session.run(Map.of("frames", tx, "reversed", tr, "weights", tw))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            double[][] logits = new double[n][classes];
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < classes; c++) {
                    logits[b][c] = out.get(b * classes + c);
                }
            }
            return logits;
        } catch (OrtException e) {
            throw new IllegalStateException("the emotion model failed in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The weights the mean gave each frame, as the network's α_aud (its mask over its length). */
    float[] frameWeights(float[][] sequence) {
        float[] w = new float[frames];
        int length = Math.max(1, Math.min(frames, sequence.length));
        for (int t = 0; t < Math.min(frames, sequence.length); t++) {
            w[t] = 1f / length;
        }
        return w;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // closing on the way out; nothing to recover
        }
    }
}
