package org.autotier.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.worker.ChildEngine;
import org.autotier.core.worker.ChildLaunch;
import org.autotier.core.worker.Engine;
import org.autotier.core.worker.LocalEngine;
import org.autotier.core.worker.PipelineSettings;
import org.autotier.model.eaf.EafDocument;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * Where the services' pipeline runs, as the Isolation setting says: in a child JVM
 * ({@link ChildEngine}; "auto" when the host installed the bundles from files, or "child"), or in
 * this process ({@link LocalEngine}, "in-process"). Both services share it, so one warm child
 * serves them. A changed worker setting takes effect with the next request's child.
 */
@Component(service = PipelineWorkers.class, configurationPid = AutoSuggestService.PID)
public final class PipelineWorkers {
    private final BundleContext context;
    private final String version;
    private final Path workDir;
    private AutotierConfig config;
    private LocalEngine local;
    private ChildEngine child;
    private String childKey;

    @Activate
    public PipelineWorkers(BundleContext context, AutotierConfig config) throws IOException {
        this.context = context;
        this.version = context.getBundle().getVersion().toString();
        java.io.File data = context.getDataFile("worker");
        this.workDir = data != null ? data.toPath()
                : Files.createTempDirectory("autotier-worker-"); // a framework without bundle storage
        this.config = config;
    }

    @Modified
    synchronized void modified(AutotierConfig changed) {
        this.config = changed;
    }

    /** Where crash reports of the analysis process go (named in the error a crash gives). */
    Path crashReports() {
        return workDir.resolve("crash-reports");
    }

    /** The engine the current settings ask for. */
    synchronized Engine engine() {
        AutotierConfig c = config;
        String isolation = c.isolation() == null ? "auto" : c.isolation().trim();
        if (isolation.equals("in-process")) {
            return local();
        }
        if (!isolation.equals("auto") && !isolation.equals("child")) {
            return failing("the setting Isolation is '" + isolation + "'; it must be auto, child or in-process");
        }
        String key = c.workerMaxHeapMb() + "|" + c.workerJvmOptions() + "|" + c.workerIdleSeconds();
        if (child != null && !key.equals(childKey)) {
            child.close();
            child = null;
        }
        if (child == null) {
            ChildLaunch launch = ChildLaunch.plan(context, workDir, crashReports(), c.workerMaxHeapMb(),
                    c.workerJvmOptions());
            if (launch.problem() != null) {
                return isolation.equals("auto") ? local()
                        : failing("autotier cannot run its analysis in a separate process here: " + launch.problem()
                                + ". Set Isolation to in-process (configuration org.autotier) to run it inside "
                                + "this application.");
            }
            child = new ChildEngine(launch.command(), workDir.resolve("requests"), crashReports(),
                    Math.max(1, c.workerIdleSeconds()) * 1000L);
            childKey = key;
        }
        return child;
    }

    private LocalEngine local() {
        if (local == null) {
            local = new LocalEngine(version);
        }
        return local;
    }

    /** An engine that refuses every request with {@code reason} (a setting that cannot work). */
    private static Engine failing(String reason) {
        Objects.requireNonNull(reason);
        return new Engine() {
            @Override
            public AutoSuggestService.Result suggest(AutoSuggestService.Request request, PipelineSettings settings,
                    DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress)
                    throws IOException {
                throw new IOException(reason);
            }

            @Override
            public void close() {
            }
        };
    }

    @Deactivate
    synchronized void deactivate() {
        if (local != null) {
            local.close();
        }
        if (child != null) {
            child.close();
        }
    }
}
