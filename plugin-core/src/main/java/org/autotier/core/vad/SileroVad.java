package org.autotier.core.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import org.autotier.core.onnx.OnnxModels;

/**
 * Silero VAD v5 (ONNX, MIT) on 16 kHz audio: 512-sample windows (32 ms) with 64 samples of
 * context and a recurrent state carried across windows. Feed samples as they are decoded;
 * {@link SpeechRegions} turns the per-window probabilities into regions.
 */
public final class SileroVad implements AutoCloseable {
    public static final int WINDOW = 512;
    private static final int CONTEXT = 64;
    public static final long WINDOW_MS_NUM = 32;

    private final OrtSession session;
    private final OrtEnvironment env = OnnxModels.environment();
    private final float[] state = new float[2 * 128];
    private final float[] input = new float[CONTEXT + WINDOW];
    private final float[] pending = new float[WINDOW];
    private int pendingCount;
    private final OnnxTensor sr;
    private final ProbabilityListener listener;
    private long windowIndex;

    /** Receives the speech probability of each 32 ms window, in order. */
    @FunctionalInterface
    public interface ProbabilityListener {
        void window(long index, float probability);
    }

    public SileroVad(ProbabilityListener listener) throws IOException {
        this.session = OnnxModels.shared("silero_vad_v5.onnx");
        this.listener = listener;
        try {
            this.sr = OnnxTensor.createTensor(env, 16_000L);
        } catch (OrtException e) {
            throw new IOException(e);
        }
    }

    /** Adds 16 kHz mono samples. */
    public void accept(short[] samples, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            pending[pendingCount++] = samples[i] / 32768f;
            if (pendingCount == WINDOW) {
                runWindow();
                pendingCount = 0;
            }
        }
    }

    /** Processes a final partial window padded with silence. */
    public void finish() throws IOException {
        if (pendingCount > 0) {
            java.util.Arrays.fill(pending, pendingCount, WINDOW, 0f);
            runWindow();
            pendingCount = 0;
        }
    }

    private void runWindow() throws IOException {
        System.arraycopy(pending, 0, input, CONTEXT, WINDOW);
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, CONTEXT + WINDOW});
                OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
                OrtSession.Result r = session.run(Map.of("input", in, "state", st, "sr", sr))) {
            float p = ((float[][]) r.get(0).getValue())[0][0];
            float[][][] next = (float[][][]) r.get(1).getValue();
            System.arraycopy(next[0][0], 0, state, 0, 128);
            System.arraycopy(next[1][0], 0, state, 128, 128);
            listener.window(windowIndex++, p);
        } catch (OrtException e) {
            throw new IOException("Silero VAD failed: " + e.getMessage(), e);
        }
        // the last 64 samples become the next window's context
        System.arraycopy(input, WINDOW, input, 0, CONTEXT);
    }

    @Override
    public void close() {
        sr.close(); // the session is the process's shared one (OnnxModels.shared): it stays open
    }
}
