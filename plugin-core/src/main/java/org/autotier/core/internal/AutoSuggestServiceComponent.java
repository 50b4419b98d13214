package org.autotier.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.suggest.AutoSuggestPipeline;
import org.autotier.core.suggest.AutoSuggester;
import org.autotier.core.suggest.EmotionPredictor;
import org.autotier.core.suggest.ShippedModel;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.Tier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AutoSuggestService}: one job at a time on its own thread. The model and the face net
 * are loaded on first use and kept until the model or device setting changes or the component
 * goes away (then their native memory is released); every other setting applies to the next job.
 */
@Component(service = AutoSuggestService.class, configurationPid = AutoSuggestService.PID)
@Designate(ocd = AutotierConfig.class)
public final class AutoSuggestServiceComponent implements AutoSuggestService {
    private final String version;
    private final String home;
    private final ExecutorService worker;
    private volatile AutotierConfig config;
    private EmotionPredictor predictor;
    private String predictorKey;
    private FaceExpressionNet faceNet;

    @Activate
    public AutoSuggestServiceComponent(BundleContext context, AutotierConfig config) {
        this.version = context.getBundle().getVersion().toString();
        // framework property first (a host's launcher), then the system property (./autotier)
        this.home = context.getProperty("autotier.home");
        this.config = config;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "autotier-auto-suggest");
            t.setDaemon(true);
            return t;
        });
    }

    @Modified
    void modified(AutotierConfig changed) {
        this.config = changed; // the next job uses it; a changed model or device is reloaded then
    }

    /** The settings as the pipeline's parameters (visible to tests through the service's results). */
    static SuggestParams params(AutotierConfig c) {
        return new SuggestParams(c.lowConfidence(), c.windowMs(), c.stableAgreement(), c.minFaceFrames(),
                c.minSegmentSpeechMs(), c.faceWeight(), c.suggestWithoutFace());
    }

    private Path modelPath(AutotierConfig c) {
        if (c.model() != null && !c.model().isBlank()) {
            return Paths.get(c.model());
        }
        return home == null ? ShippedModel.path() : Paths.get(home, "models", "emotion-audio");
    }

    /** Only ever called on the worker thread. */
    private AutoSuggester suggester(AutotierConfig c) throws IOException {
        String key = modelPath(c).toAbsolutePath().normalize() + "|" + c.device();
        if (predictor == null || !key.equals(predictorKey)) {
            if (predictor != null) {
                predictor.close();
                predictor = null;
            }
            predictor = EmotionPredictor.open(modelPath(c), c.device());
            predictorKey = key;
        }
        if (faceNet == null) {
            faceNet = FaceExpressionNet.load();
        }
        VadParams vad = VadParams.DEFAULTS.withThreshold(c.vadThreshold());
        SegmentParams seg = SegmentParams.DEFAULTS.withAnalysisFps(c.analysisFps());
        return new AutoSuggester(new AutoSuggestPipeline(vad, seg, BlazeFaceDetector.Variant.FRONT_128, params(c),
                predictor, faceNet), version, modelPath(c).getFileName().toString());
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
            // a stale reference held past deactivation: the models it would use are closed
            throw new IllegalStateException("this AutoSuggestService was deactivated; get the current one");
        }
        RunningJob job = new RunningJob();
        AutotierConfig c = config;
        worker.execute(() -> {
            try {
                if (job.cancelled) {
                    throw new CancellationException("cancelled before it started");
                }
                AutoSuggester s = suggester(c);
                AutoSuggester.Prepared p = s.prepare(request.media(), request.into(), request.eafPath(),
                        request.humanTiers(), f -> {
                            if (job.cancelled) {
                                throw new CancellationException("cancelled");
                            }
                            job.progress = f;
                            if (progress != null) {
                                progress.accept(f);
                            }
                        });
                Path folder = request.eafPath().toAbsolutePath().getParent();
                if (folder != null && Files.isDirectory(folder)) {
                    s.writeSidecars(p, request.eafPath()); // the review panel reads the evidence from them
                }
                job.progress = 1;
                job.result.complete(new Result(p.document(), p.written(), changedTiers(request.into(), p.document())));
            } catch (CancellationException e) {
                job.result.completeExceptionally(e);
            } catch (Exception | LinkageError e) {
                job.result.completeExceptionally(e);
            }
        });
        return job;
    }

    /** autotier's tiers in the new document, and any autotier tier the old one had. */
    static List<String> changedTiers(EafDocument before, EafDocument after) {
        List<String> out = new ArrayList<>();
        for (Tier t : after.tiers()) {
            if (t.id().startsWith("autotier-")) {
                out.add(t.id());
            }
        }
        if (before != null) {
            for (Tier t : before.tiers()) {
                if (t.id().startsWith("autotier-") && !out.contains(t.id())) {
                    out.add(t.id());
                }
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        if (predictor != null) {
            predictor.close();
        }
        if (faceNet != null) {
            faceNet.close();
        }
    }
}
