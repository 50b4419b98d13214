package org.autotier.core.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.suggest.ShippedModel;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.core.worker.PipelineSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AutoSuggestService}: one job at a time on its own thread, run by the engine the
 * Isolation setting picks ({@link PipelineWorkers}: by default a separate analysis process that
 * keeps the models loaded). Every setting applies to the next job.
 */
@Component(service = AutoSuggestService.class, configurationPid = AutoSuggestService.PID)
@Designate(ocd = AutotierConfig.class)
public final class AutoSuggestServiceComponent implements AutoSuggestService {
    private final String home;
    private final PipelineWorkers workers;
    private final ExecutorService worker;
    private volatile AutotierConfig config;

    @Activate
    public AutoSuggestServiceComponent(BundleContext context, AutotierConfig config, @Reference PipelineWorkers workers) {
        // framework property first (a host's launcher), then the system property (./autotier)
        String h = context.getProperty("autotier.home");
        this.home = h == null || h.isBlank() ? null : h;
        this.config = config;
        this.workers = workers;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "autotier-auto-suggest");
            t.setDaemon(true);
            return t;
        });
    }

    @Modified
    void modified(AutotierConfig changed) {
        this.config = changed; // the next job uses it
    }

    /** The settings as the pipeline's parameters. */
    static SuggestParams params(AutotierConfig c) {
        return new SuggestParams(c.lowConfidence(), c.windowMs(), c.stableAgreement(), c.minFaceFrames(),
                c.minSegmentSpeechMs(), c.faceWeight(), c.suggestWithoutFace());
    }

    private PipelineSettings settings(AutotierConfig c) {
        Path model = c.model() != null && !c.model().isBlank() ? Paths.get(c.model())
                : home == null ? ShippedModel.path() : Paths.get(home, "models", "emotion-audio");
        return new PipelineSettings(model.toAbsolutePath().normalize().toString(), c.device(), c.analysisFps(),
                c.vadThreshold(), params(c));
    }

    private static final class RunningJob implements Job {
        final CompletableFuture<Result> result = new CompletableFuture<>();
        volatile double progress;
        volatile boolean cancelled;

        @Override
        public CompletionStage<Result> result() {
            return result;
        }

        @Override
        public double progress() {
            return progress;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Job start(Request request, DoubleConsumer progress) {
        if (worker.isShutdown()) {
            // a stale reference held past deactivation: its engine is closed
            throw new IllegalStateException("this AutoSuggestService was deactivated; get the current one");
        }
        RunningJob job = new RunningJob();
        AutotierConfig c = config;
        worker.execute(() -> {
            try {
                if (job.cancelled) {
                    throw new CancellationException("cancelled before it started");
                }
                Result r = workers.engine().suggest(request, settings(c), f -> {
                    job.progress = f;
                    if (progress != null) {
                        progress.accept(f);
                    }
                }, () -> job.cancelled);
                job.progress = 1;
                job.result.complete(r);
            } catch (Exception | LinkageError e) {
                job.result.completeExceptionally(e);
            }
        });
        return job;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
