package org.autotier.core.fusion;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;

/**
 * Starts DJL's PyTorch engine the same way inside and outside OSGi. DJL looks for engines and
 * their natives through the thread context class loader, once; inside Felix that loader must be
 * the runtime-djl bundle's, so it is set for the first call and the engine registered explicitly.
 */
public final class Djl {
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
            if (!Engine.hasEngine("PyTorch")) {
                Engine.registerEngine(new PtEngineProvider());
            }
            return Engine.getEngine("PyTorch");
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
