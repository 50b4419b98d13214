package org.autotier.core.internal;

import org.autotier.core.onnx.OnnxModels;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Ties the process-wide ONNX Runtime sessions ({@link OnnxModels#shared}) to the bundle's life:
 * when plugin-core stops or is updated, its sessions and their native memory go with it.
 * Registers no service.
 */
@Component(immediate = true, service = {})
public final class OnnxSessionsLifecycle {
    @Deactivate
    void deactivate() {
        OnnxModels.closeShared();
    }
}
