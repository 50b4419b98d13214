package org.autotier.core.fusion;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine the same way inside and outside OSGi. DJL looks for engines and
 * their natives through the thread context class loader, once; inside Felix that loader must be
 * the runtime-djl bundle's, so it is set for the first call and the engine registered explicitly.
 *
 * <p>Threads: PyTorch's inter-op pool is one thread (autotier never runs independent ops in
 * parallel), and its intra-op pool follows {@code autotier.threads} (the {@code --threads} option)
 * or else the cores available to this process. OpenMP's workers spin while they wait; two
 * processes whose pools each take every core spend most of their time spinning against each
 * other (docs/benchmarks.md, "Two processes at once").
 */
public final class Djl {
    private static boolean started;
    private Djl() {
    }

    public static synchronized Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // nothing may ever be downloaded
        }
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        try {
            current.setContextClassLoader(Engine.class.getClassLoader());
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads()));
            }
            if (!Engine.hasEngine("PyTorch")) {
                Engine.registerEngine(new PtEngineProvider());
            }
            Engine engine = Engine.getEngine("PyTorch");
            started = true;
            return engine;
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** PyTorch's intra-op threads: {@code autotier.threads} when set (≥ 1), else the cores available. */
    public static int threads() {
        String configured = System.getProperty("autotier.threads");
        if (configured != null && !configured.isBlank()) {
            try {
                int n = Integer.parseInt(configured.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the default; the CLI validates its option itself
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets PyTorch's intra-op threads for this process, which takes effect when the engine starts.
     * Once it has started the setting stays: changing it then (torch's set_num_threads) was seen to
     * make later training diverge to NaN in the same process (docs/testing.md).
     *
     * @return whether PyTorch will run with {@code n} threads
     */
    public static synchronized boolean useThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + n);
        }
        if (started) {
            return JniUtils.getNumThreads() == n;
        }
        System.setProperty("autotier.threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        return true;
    }

    /**
     * For {@code jobs} analyses running at once in this process: each gets its share of the cores
     * as PyTorch threads, so that pools of all the cores do not spin against one another. A thread
     * count already configured for the process ({@code --threads} and {@code -Dautotier.threads}
     * both set {@code autotier.threads}) stays, as does a running engine's.
     */
    public static synchronized void shareCores(int jobs) {
        if (jobs > 1 && System.getProperty("autotier.threads") == null) {
            useThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / jobs));
        }
    }

    /** "PyTorch 2.5.1 (DJL 0.32.0)": what runs the models, for messages and {@code doctor}. */
    public static String versions() {
        return "PyTorch " + pytorch().getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    /** Whether PyTorch reports cuDNN among its features. */
    public static boolean cudnn() {
        pytorch();
        return JniUtils.getFeatures().stream().anyMatch(f -> f.toUpperCase(java.util.Locale.ROOT).contains("CUDNN"));
    }
}
