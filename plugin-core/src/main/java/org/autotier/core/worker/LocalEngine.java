package org.autotier.core.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.suggest.AutoSuggestPipeline;
import org.autotier.core.suggest.AutoSuggester;
import org.autotier.core.suggest.EmotionPredictor;
import org.autotier.core.tiers.SegmentTierWriter;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.Tier;

/**
 * The pipeline in this process. The model and the face net are loaded on first use and kept
 * until the model or device changes or the engine is closed (then their native memory is
 * released). Used by the services in in-process mode and by the child JVM itself.
 */
public final class LocalEngine implements Engine {
    private final String version;
    private EmotionPredictor predictor;
    private String predictorKey;
    private FaceExpressionNet faceNet;

    /** @param version autotier's version, written into the EAF's provenance */
    public LocalEngine(String version) {
        this.version = version;
    }

    private AutoSuggester suggester(PipelineSettings s) throws IOException {
        Path model = Paths.get(s.model());
        String key = model.toAbsolutePath().normalize() + "|" + s.device();
        if (predictor == null || !key.equals(predictorKey)) {
            if (predictor != null) {
                predictor.close();
                predictor = null;
            }
            predictor = EmotionPredictor.open(model, s.device());
            predictorKey = key;
        }
        if (faceNet == null) {
            faceNet = FaceExpressionNet.load();
        }
        VadParams vad = VadParams.DEFAULTS.withThreshold(s.vadThreshold());
        SegmentParams seg = SegmentParams.DEFAULTS.withAnalysisFps(s.analysisFps());
        return new AutoSuggester(new AutoSuggestPipeline(vad, seg, BlazeFaceDetector.Variant.FRONT_128, s.params(),
                predictor, faceNet), version, model.getFileName().toString());
    }

    @Override
    public synchronized AutoSuggestService.Result suggest(AutoSuggestService.Request request,
            PipelineSettings settings, DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        AutoSuggester s = suggester(settings);
        AutoSuggester.Prepared p = s.prepare(request.media(), request.into(), request.eafPath(),
                request.humanTiers(), f -> {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("cancelled");
                    }
                    progress.accept(f);
                });
        Path folder = request.eafPath().toAbsolutePath().getParent();
        if (folder != null && Files.isDirectory(folder)) {
            s.writeSidecars(p, request.eafPath()); // the review panel reads the evidence from them
        }
        return new AutoSuggestService.Result(p.document(), p.written(), changedTiers(request.into(), p.document()));
    }

    @Override
    public EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress)
            throws IOException {
        SegmentationResult r = new SegmentationPipeline(VadParams.DEFAULTS, SegmentParams.DEFAULTS,
                BlazeFaceDetector.Variant.FRONT_128).run(media, progress);
        return SegmentTierWriter.write(into, r, VadParams.DEFAULTS, eafPath, version);
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

    @Override
    public synchronized void close() {
        if (predictor != null) {
            predictor.close();
            predictor = null;
        }
        if (faceNet != null) {
            faceNet.close();
            faceNet = null;
        }
    }
}
