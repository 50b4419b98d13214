package org.autotier.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.core.vad.VadParams;
import org.autotier.core.suggest.AutoSuggestPipeline;
import org.autotier.core.suggest.AutoSuggester;
import org.autotier.core.suggest.EmotionPredictor;

/**
 * The models of {@code run} loaded once, as an {@link AutoSuggester} for any number of recordings:
 * used by {@code run} and by {@code run-worker} (the Spark executors' analysis process).
 */
final class LoadedSuggester implements AutoCloseable {
    private final EmotionPredictor predictor;
    private final FaceExpressionNet faceNet;
    private final AutoSuggester suggester;

    private LoadedSuggester(EmotionPredictor predictor, FaceExpressionNet faceNet, AutoSuggester suggester) {
        this.predictor = predictor;
        this.faceNet = faceNet;
        this.suggester = suggester;
    }

    /**
     * Loads the emotion model and the face-expression net side by side (PyTorch and ONNX Runtime
     * load their natives independently; on a short clip, loading is most of the run).
     */
    static LoadedSuggester open(SegmentOptions segment, SuggestOptions suggest, PrintWriter err) throws Exception {
        return open(segment.vad(), segment.segment(), segment.faceModel, suggest.params(),
                suggest.modelPath().toAbsolutePath().normalize().getFileName().toString(), () -> suggest.open(err));
    }

    /** Loads an emotion model (on the calling thread, while the face net loads on another). */
    interface ModelLoader {
        EmotionPredictor load() throws IOException;
    }

    /** As {@link #open(SegmentOptions, SuggestOptions, PrintWriter)}, for callers without those options (ELAN). */
    static LoadedSuggester open(VadParams vad, SegmentParams seg, BlazeFaceDetector.Variant faceModel,
            SuggestParams params, String modelName, ModelLoader loader) throws IOException {
        CompletableFuture<FaceExpressionNet> faceNetLoading = CompletableFuture.supplyAsync(() -> {
            try {
                return FaceExpressionNet.load();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        EmotionPredictor predictor;
        try {
            predictor = loader.load();
        } catch (IOException | RuntimeException e) {
            faceNetLoading.thenAccept(FaceExpressionNet::close);
            throw e;
        }
        FaceExpressionNet faceNet;
        try {
            faceNet = faceNetLoading.join();
        } catch (CompletionException e) {
            predictor.close();
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException x) {
                throw x;
            }
            if (cause instanceof RuntimeException x) {
                throw x;
            }
            throw (Error) cause;
        }
        AutoSuggester suggester = new AutoSuggester(new AutoSuggestPipeline(vad, seg, faceModel, params, predictor,
                faceNet), Versions.autotier(), modelName + " (" + predictor.card().labelSet() + ", head "
                        + predictor.card().head() + ")");
        return new LoadedSuggester(predictor, faceNet, suggester);
    }

    AutoSuggester suggester() {
        return suggester;
    }

    @Override
    public void close() {
        try (EmotionPredictor p = predictor; FaceExpressionNet f = faceNet) {
            // both closed, the second even if the first fails
        }
    }
}
