package org.autotier.core.suggest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.face.FaceBox;
import org.autotier.core.face.FaceCrops;
import org.autotier.core.face.FaceExpressionNet;
import org.autotier.core.face.FaceTrack;
import org.autotier.core.features.AudioFeatureExtractor;
import org.autotier.core.media.PcmSpool;
import org.autotier.core.media.VideoFrame;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.segment.SpeechFaceSegment;
import org.autotier.core.training.FeatureNormalization;
import org.autotier.core.training.FunctionalExpert;
import org.autotier.core.training.UtteranceFunctionals;
import org.autotier.core.features.PitchTracker;
import org.autotier.core.training.ModelCard;
import org.autotier.core.vad.Interval;
import org.autotier.core.vad.VadParams;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.LabelDistribution;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Segment;
import org.autotier.model.suggest.Suggestion;

/**
 * media → (speech, faces, face expressions, audio) in one decoding pass → segments → features →
 * predictions → suggestions with calibrated confidences and flags.
 *
 * <p>Every analysed face is run through the face-expression net on the detector thread while the
 * recording decodes, so nothing is decoded twice; the 16 kHz audio is kept for the feature pass
 * (beyond ten minutes in a temporary file). The features are computed and the emotion model runs,
 * batched, over every segment and analysis window, a chunk of segments at a time, so that memory
 * does not grow with the recording's length (docs/architecture.md, "Long recordings").
 */
public final class AutoSuggestPipeline {
    private final VadParams vad;
    private final SegmentParams segmentParams;
    private final BlazeFaceDetector.Variant faceModel;
    private final SuggestParams params;
    private final EmotionPredictor predictor;
    private final FaceExpressionNet faceNet;
    private final long onePassMs;
    private final long chunkMs;

    public AutoSuggestPipeline(VadParams vad, SegmentParams segmentParams, BlazeFaceDetector.Variant faceModel,
            SuggestParams params, EmotionPredictor predictor, FaceExpressionNet faceNet) {
        this(vad, segmentParams, faceModel, params, predictor, faceNet, ONE_PASS_MS, CHUNK_MS);
    }

    private AutoSuggestPipeline(VadParams vad, SegmentParams segmentParams, BlazeFaceDetector.Variant faceModel,
            SuggestParams params, EmotionPredictor predictor, FaceExpressionNet faceNet, long onePassMs,
            long chunkMs) {
        this.vad = vad;
        this.segmentParams = segmentParams;
        this.faceModel = faceModel;
        this.params = params;
        this.predictor = predictor;
        this.faceNet = faceNet;
        this.onePassMs = onePassMs;
        this.chunkMs = chunkMs;
    }

    /** This pipeline analysing every recording in chunks of at most {@code ms} of segments (tests: chunks change no result). */
    AutoSuggestPipeline withChunkMs(long ms) {
        return new AutoSuggestPipeline(vad, segmentParams, faceModel, params, predictor, faceNet, 0, ms);
    }

    public VadParams vadParams() {
        return vad;
    }

    public SuggestParams params() {
        return params;
    }

    public EmotionPredictor predictor() {
        return predictor;
    }

    /** Collects the audio and the per-face expression outputs while the pipeline decodes. */
    private final class Collector implements SegmentationPipeline.Observer, AutoCloseable {
        // beyond ten minutes the audio waits in a temporary file, not on the heap
        final PcmSpool audio = new PcmSpool(PcmSpool.DEFAULT_IN_MEMORY_SAMPLES,
                Path.of(System.getProperty("java.io.tmpdir")));
        // the outputs of every analysed frame a segment may reach are kept to the end; the 256-float
        // embedding (1 KB per face and frame, 0.4 GB in 10 hours at 10 frames/s) only when the model reads it
        final FaceOutputs faces = new FaceOutputs(readsFaceEmbeddings());

        @Override
        public void audio(short[] samples, int n, long startSample) {
            try {
                audio.append(samples, n);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            audio.close();
        }

        /** A segment's 16 kHz audio (as much of it as was decoded). */
        short[] audioOf(Segment s) {
            try {
                return audio.slice(s.startMs() * 16, s.endMs() * 16);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The audio of a chunk's segments, read once for their features and their pitch. */
        List<short[]> audioOf(List<Segment> segments, List<Integer> chunk) {
            return chunk.stream().map(i -> audioOf(segments.get(i))).toList();
        }

        @Override
        public void faces(VideoFrame frame, List<FaceBox> boxes, boolean inSegmentReach) {
            // a frame far from any speech is in no segment: the net would read its faces for nothing
            if (boxes.isEmpty() || faceNet == null || !inSegmentReach) {
                return;
            }
            int s = FaceExpressionNet.INPUT * FaceExpressionNet.INPUT * 3;
            byte[] crops = new byte[boxes.size() * s];
            for (int i = 0; i < boxes.size(); i++) {
                FaceCrops.crop(frame, boxes.get(i), crops, i * s);
            }
            faces.add(frame.timeMs(), boxes, faceNet.predict(crops, boxes.size()));
        }
    }

    /**
     * What is predicted for one segment before the flags: its model inputs sit at {@code input}
     * (the whole segment) and from {@code input + 1} on (one per analysis window).
     */
    private record Pending(Segment segment, long speechMs, List<FaceObservation> face, int input,
            List<long[]> windowSpans, List<List<FaceObservation>> windowFaces, double domainDistance,
            FunctionalExpert.Opinion opinion) {
    }

    public AutoSuggestResult run(Path media, HumanLabels humans, DoubleConsumer progress) throws IOException {
        long t0 = System.nanoTime();
        try (Collector collector = new Collector()) {
            return run(media, humans, progress, collector, t0);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // the audio's temporary file, read after decoding
        }
    }

    private AutoSuggestResult run(Path media, HumanLabels humans, DoubleConsumer progress, Collector collector,
            long t0) throws IOException {
        SegmentationResult seg = new SegmentationPipeline(vad, segmentParams, faceModel)
                .run(media, f -> progress.accept(0.85 * f), collector);
        Map<String, FaceTrack> tracks = new HashMap<>();
        seg.tracks().forEach(t -> tracks.put(t.id(), t));
        List<Segment> segments = segmentsOf(seg);
        ModelCard card = predictor.card();
        AudioFeatureExtractor features = new AudioFeatureExtractor(card.features());
        FeatureNormalization.Recording normalization = FeatureNormalization.of(card.provenance().config())
                .forRecording(card.speakerPrior());
        // The features of a long recording's segments do not fit in memory together, so they are
        // computed chunk by chunk, twice: the first pass gathers what needs every segment of a
        // speaker (their statistics), the second predicts. A recording of up to onePassMs of
        // segments is one chunk and keeps its features from the first pass.
        long segmentMs = segments.stream().mapToLong(s -> s.endMs() - s.startMs()).sum();
        List<List<Integer>> chunks = chunks(segments, segmentMs <= onePassMs ? onePassMs : chunkMs);
        double[] domainDistance = new double[segments.size()];
        double[][] statistics = new double[segments.size()][];
        List<float[][]> firstPass = null;
        for (int c = 0; c < chunks.size(); c++) {
            List<Integer> chunk = chunks.get(c);
            checkMemoryFor(media, chunk.stream().map(segments::get).toList(), AutoSuggestPipeline::freeHeap);
            List<short[]> pcm = collector.audioOf(segments, chunk);
            List<float[][]> raw = rawFeatures(features, pcm);
            for (int k = 0; k < chunk.size(); k++) {
                int i = chunk.get(k);
                // how unlike the training audio each segment is: from its raw features
                domainDistance[i] = card.domain() == null ? 0 : card.domain().distance(raw.get(k),
                        card.features().mfcc(), card.features().melBands());
                normalization.observe(speakerOf(segments.get(i)), raw.get(k));
            }
            utteranceStatistics(card, chunk, pcm, raw, statistics);
            firstPass = chunks.size() == 1 ? raw : null;
            progress.accept(0.85 + 0.05 * (c + 1) / chunks.size());
        }
        FunctionalExpert.Opinion[] opinions = expertOpinions(card, segments, statistics);
        List<SegmentAnalysis> analyses = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            List<Integer> chunk = chunks.get(c);
            List<float[][]> raw = firstPass != null ? firstPass
                    : rawFeatures(features, collector.audioOf(segments, chunk));
            double from = 0.9 + 0.08 * c / chunks.size();
            analyses.addAll(analyse(seg, tracks, humans, collector, segments, chunk, raw, normalization,
                    domainDistance, opinions, f -> progress.accept(from + 0.08 * f / chunks.size())));
        }
        progress.accept(1.0);
        return new AutoSuggestResult(seg, analyses, humans.tierIds(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Up to this much segment time, a recording is analysed in one pass: its features (about 130 KB
     * per second of segment, {@link #FEATURE_BYTES_PER_SECOND}; 40 MB for 5 minutes) are held
     * together and computed once.
     */
    static final long ONE_PASS_MS = 5 * 60_000;

    /**
     * Beyond {@link #ONE_PASS_MS}, segments are analysed this much at a time (about 4 MB of
     * features). Short-lived enough that the chunk's features die young: with 5-minute chunks they
     * outlived the young collections and piled up in the old generation (peak RSS on a 60-minute
     * recording 733 MB; 576 MB with 30 s; docs/benchmarks.md).
     */
    static final long CHUNK_MS = 30_000;

    /** The segments' indices in order, in runs of at most {@code maxMs} of segments (at least one each). */
    static List<List<Integer>> chunks(List<Segment> segments, long maxMs) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        long ms = 0;
        for (int i = 0; i < segments.size(); i++) {
            long d = segments.get(i).endMs() - segments.get(i).startMs();
            if (!chunk.isEmpty() && ms + d > maxMs) {
                out.add(chunk);
                chunk = new ArrayList<>();
                ms = 0;
            }
            chunk.add(i);
            ms += d;
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }

    /** A face track is a speaker; without faces, the recording is. */
    private static String speakerOf(Segment s) {
        return s.trackId() == null ? "" : s.trackId();
    }

    /** The raw (not normalised) features of some segments' audio; none for a segment under 25 ms. */
    private static List<float[][]> rawFeatures(AudioFeatureExtractor features, List<short[]> pcm) {
        return pcm.stream().map(a -> a.length >= 400 ? features.extract(a, a.length) : new float[0][]).toList();
    }

    /** The suggestions of one chunk of segments, from their raw features. */
    private List<SegmentAnalysis> analyse(SegmentationResult seg, Map<String, FaceTrack> tracks, HumanLabels humans,
            Collector collector, List<Segment> segments, List<Integer> chunk, List<float[][]> raw,
            FeatureNormalization.Recording normalization, double[] domainDistance,
            FunctionalExpert.Opinion[] opinions, DoubleConsumer progress) {
        ModelCard card = predictor.card();
        List<Pending> pending = new ArrayList<>();
        List<float[][]> audioInputs = new ArrayList<>();
        List<float[][]> visualInputs = new ArrayList<>();
        for (int k = 0; k < chunk.size(); k++) {
            int si = chunk.get(k);
            Segment s = segments.get(si);
            // each speaker's own speech is their reference, as each speaker's clips were in training
            float[][] frames = normalization.normalise(speakerOf(s), raw.get(k));
            List<FaceObservation> face = s.trackId() == null ? List.of()
                    : collector.faces.of(tracks.get(s.trackId()), new Interval(s.startMs(), s.endMs()));
            int input = audioInputs.size();
            audioInputs.add(frames.length == 0 ? new float[1][card.audioDim()] : frames);
            visualInputs.add(visual(face));
            List<long[]> spans = AnalysisWindows.spans(s.startMs(), s.endMs(), params.windowMs());
            List<List<FaceObservation>> windowFaces = new ArrayList<>();
            for (long[] span : spans) {
                audioInputs.add(AnalysisWindows.frames(frames, s.startMs(), span));
                List<FaceObservation> inWindow = face.stream()
                        .filter(o -> o.timeMs() >= span[0] && o.timeMs() < span[1]).toList();
                visualInputs.add(visual(inWindow));
                windowFaces.add(inWindow);
            }
            Interval span = new Interval(s.startMs(), s.endMs());
            long speechMs = seg.speech().stream().mapToLong(i -> i.overlapMs(span)).sum();
            pending.add(new Pending(s, speechMs, face, input, spans, windowFaces, domainDistance[si], opinions[si]));
        }
        List<EmotionPredictor.Prediction> predictions = predictor.predict(audioInputs, visualInputs, progress);
        List<String> labels = predictor.labels();
        LabelMapping faceToModel = new LabelMapping(FaceExpressionNet.LABELS, labels);
        List<SegmentAnalysis> analyses = new ArrayList<>();
        for (Pending p : pending) {
            // audio unlike the training data moves the audio opinion towards uniform (docs/suggestions.md)
            double shrink = card.domain() == null ? 0 : card.domain().shrink(p.domainDistance());
            double outOfDomain = card.domain() == null ? 0 : card.domain().score(p.domainDistance());
            // the second audio expert's opinion of the whole segment joins the segment's and each window's
            FunctionalExpert expert = card.functionals();
            EmotionPredictor.Prediction pred = predictions.get(p.input()).withExpert(expert, p.opinion()).shrunk(shrink);
            double audioReliability = ReliabilityFusion.audioReliability(shrink, p.speechMs());
            List<FaceObservation> usable = usable(p.face());
            double faceReliability = ReliabilityFusion.faceReliability(usable.size(),
                    analysedFrames(p.segment().startMs(), p.segment().endMs()));
            // a model with a trained fusion head has its own face-only head; otherwise the face net speaks
            double[] face = usable.isEmpty() ? null
                    : pred.visual() != null ? pred.visual() : meanFace(usable, faceToModel);
            double[] fused = fuse(pred, audioReliability, face, faceReliability);
            List<SegmentAnalysis.Window> windows = new ArrayList<>();
            List<double[]> windowAudio = new ArrayList<>();
            for (int k = 0; k < p.windowSpans().size(); k++) {
                long[] span = p.windowSpans().get(k);
                List<FaceObservation> wf = usable(p.windowFaces().get(k));
                double[] wface = wf.isEmpty() ? null : meanFace(wf, faceToModel);
                EmotionPredictor.Prediction wpred = predictions.get(p.input() + 1 + k).withExpert(expert, p.opinion())
                        .shrunk(shrink);
                windowAudio.add(wpred.audio());
                double[] wp = fuse(wpred, audioReliability, wface,
                        ReliabilityFusion.faceReliability(wf.size(), analysedFrames(span[0], span[1])));
                int top = FlagRules.argMax(wp);
                windows.add(new SegmentAnalysis.Window(span[0], span[1], labels.get(top), wp[top], wp));
            }
            if (windows.isEmpty()) {
                int top = FlagRules.argMax(fused);
                windows.add(new SegmentAnalysis.Window(p.segment().startMs(), p.segment().endMs(), labels.get(top),
                        fused[top], fused));
            }
            List<String> human = humans.isEmpty() ? List.of()
                    : humans.labels(p.segment().startMs(), p.segment().endMs());
            Set<Flag> flags = FlagRules.flags(params, new FlagRules.Evidence(labels, fused, pred.audio(), face, windows,
                    usable.size(), p.speechMs(), !seg.audioOnly() && p.segment().trackId() != null, human, outOfDomain,
                    audioReliability, faceReliability));
            int top = FlagRules.argMax(fused);
            Suggestion s = new Suggestion(p.segment(), labels.get(top), fused[top], LabelDistribution.of(labels, fused),
                    flags, ReviewState.UNREVIEWED);
            // the heatmap shows the model's attention when it has some, else each window's audio evidence
            float[] voice;
            if (hasVoiceAttention()) {
                voice = pool(pred.audioAttention(), frameCount(audioInputs.get(p.input())), 50);
            } else {
                voice = new float[windowAudio.isEmpty() ? 1 : windowAudio.size()];
                for (int k = 0; k < voice.length; k++) {
                    voice[k] = (float) (windowAudio.isEmpty() ? pred.audio()[top] : windowAudio.get(k)[top]);
                }
            }
            analyses.add(new SegmentAnalysis(s, pred.audio(), face, usable.size(), p.speechMs(), windows, voice,
                    faceTimeline(usable, faceToModel, top), human,
                    hasVoiceAttention() ? SegmentAnalysis.ATTENTION : SegmentAnalysis.WINDOWS, face == null,
                    outOfDomain, audioReliability, face == null ? 0 : faceReliability));
        }
        return analyses;
    }

    /**
     * Heap the features of one second of segments take while a recording is analysed: measured on
     * a 10-hour recording with 3.4 hours of segments, about 1.5 GB (docs/reliability.md, "Long
     * recordings"). The audio itself waits on disk ({@link PcmSpool}); the features of one chunk
     * of segments ({@link #CHUNK_MS}) are held at a time.
     */
    static final long FEATURE_BYTES_PER_SECOND = 130_000;

    /**
     * Refuses, before the features are computed, a chunk of segments that needs more memory than
     * this Java has free, with the figures and the remedies: an OutOfMemoryError deep inside the
     * analysis would say nothing useful (and in an OSGi host, end the analysis process).
     */
    static void checkMemoryFor(Path media, List<Segment> segments, java.util.function.LongSupplier freeHeap)
            throws IOException {
        long ms = segments.stream().mapToLong(s -> s.endMs() - s.startMs()).sum();
        long need = ms / 1000 * FEATURE_BYTES_PER_SECOND;
        long free = need > 0 ? freeHeap.getAsLong() : Long.MAX_VALUE;
        if (need > free) {
            System.gc(); // only when it matters: what looked used may be garbage
            free = freeHeap.getAsLong();
        }
        if (need > free) {
            throw new IOException(String.format(java.util.Locale.ROOT, "%s: %d segment(s) of it, analysed together, hold "
                    + "%d h %02d min of speech; analysing them needs about %,d MB of memory and this Java has %,d MB free. Raise the "
                    + "limit (./autotier: AUTOTIER_JAVA_OPTS=-Xmx%dg; an OSGi host: the setting 'Worker maximum heap "
                    + "(MB)'), or split the recording", media, segments.size(), ms / 3_600_000, ms / 60_000 % 60,
                    need >> 20, free >> 20, Math.max(2, (Runtime.getRuntime().maxMemory() + need - free >> 30) + 2)));
        }
    }

    /** The heap this Java could still give (garbage counts as used until a collection). */
    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * The raw utterance statistics of a chunk's segments (left null without the second audio expert,
     * or for a segment too short for features): from their raw frames and pitch.
     */
    private static void utteranceStatistics(ModelCard card, List<Integer> chunk, List<short[]> pcm,
            List<float[][]> raw, double[][] out) {
        if (card.functionals() == null) {
            return;
        }
        // the pitch tracker is the costly part (about 1.4 s per 5 min of speech on one core):
        // segments are independent, so they run on all cores (decoding is over by now)
        java.util.stream.IntStream.range(0, chunk.size()).parallel().filter(k -> raw.get(k).length > 0).forEach(k -> {
            out[chunk.get(k)] = UtteranceFunctionals.of(raw.get(k), PitchTracker.track(pcm.get(k), pcm.get(k).length),
                    pcm.get(k), card.features().mfcc(), card.features().melBands());
        });
    }

    /**
     * The second audio expert's opinion of each segment (null without the expert, or for a segment
     * too short for features): its utterance statistics relative to its speaker's other segments in
     * this recording.
     */
    private static FunctionalExpert.Opinion[] expertOpinions(ModelCard card, List<Segment> segments,
            double[][] statistics) {
        FunctionalExpert.Opinion[] out = new FunctionalExpert.Opinion[segments.size()];
        FunctionalExpert expert = card.functionals();
        if (expert == null) {
            return out;
        }
        Map<String, List<Integer>> bySpeaker = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            if (statistics[i] != null) {
                bySpeaker.computeIfAbsent(speakerOf(segments.get(i)), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> idx : bySpeaker.values()) {
            List<FunctionalExpert.Opinion> o = expert.opinionsTogether(idx.stream().map(i -> statistics[i]).toList());
            for (int k = 0; k < idx.size(); k++) {
                out[idx.get(k)] = o.get(k);
            }
        }
        return out;
    }

    /** The segments that get suggestions: speech-with-face, or every speech region without video. */
    private List<Segment> segmentsOf(SegmentationResult seg) {
        List<Segment> out = new ArrayList<>();
        if (seg.audioOnly()) {
            for (Interval i : seg.speech()) {
                if (i.durationMs() > 0) {
                    out.add(new Segment(i.startMs(), i.endMs(), null));
                }
            }
            return out;
        }
        for (SpeechFaceSegment s : seg.segments()) {
            out.add(new Segment(s.span().startMs(), s.span().endMs(), s.trackId()));
        }
        if (params.suggestWithoutFace()) {
            // the parts of each speech region no speech-with-face segment covers
            for (Interval speech : seg.speech()) {
                long cursor = speech.startMs();
                List<SpeechFaceSegment> inside = seg.segments().stream()
                        .filter(f -> f.span().startMs() < speech.endMs() && speech.startMs() < f.span().endMs())
                        .sorted(java.util.Comparator.comparingLong(f -> f.span().startMs())).toList();
                for (SpeechFaceSegment f : inside) {
                    addUncovered(out, cursor, f.span().startMs());
                    cursor = Math.max(cursor, f.span().endMs());
                }
                addUncovered(out, cursor, speech.endMs());
            }
            out.sort(java.util.Comparator.comparingLong(Segment::startMs));
        }
        return out;
    }

    private void addUncovered(List<Segment> out, long start, long end) {
        if (end - start >= segmentParams.minDurationMs()) {
            out.add(new Segment(start, end, null));
        }
    }

    /** Whether the model's visual input is the face net's embedding (else its probabilities, or nothing). */
    private boolean readsFaceEmbeddings() {
        return predictor.fused() && predictor.card().visualDim() == FaceExpressionNet.EMBEDDING;
    }

    private float[][] visual(List<FaceObservation> face) {
        int d = predictor.card().visualDim();
        if (face.isEmpty() || !predictor.fused()) {
            return new float[0][d];
        }
        float[][] v = new float[face.size()][];
        for (int i = 0; i < v.length; i++) {
            float[] src = readsFaceEmbeddings() ? face.get(i).embedding() : face.get(i).probabilities();
            v[i] = Arrays.copyOf(src, d);
        }
        return v;
    }

    /** The face net's mean distribution over the frames, tempered, on the model's labels. */
    private static double[] meanFace(List<FaceObservation> face, LabelMapping mapping) {
        return ReliabilityFusion.faceOpinion(face.stream().map(FaceObservation::probabilities).toList(), mapping);
    }

    private static float[] faceTimeline(List<FaceObservation> face, LabelMapping mapping, int label) {
        float[] out = new float[face.size()];
        for (int i = 0; i < out.length; i++) {
            double[] p = new double[FaceExpressionNet.LABELS.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = face.get(i).probabilities()[k];
            }
            double[] mapped = mapping.apply(p);
            out[i] = mapped == null ? 0 : (float) mapped[label];
        }
        return out;
    }

    /**
     * The fused distribution. A model with a trained fusion head gives it directly; otherwise the
     * audio head's calibrated distribution and the face net's are weighed by their reliability
     * ({@link ReliabilityFusion}; the face by {@link SuggestParams#faceWeight()} times the weight
     * fitted when the model was trained on video, 1 without one).
     */
    double[] fuse(EmotionPredictor.Prediction p, double audioReliability, double[] face, double faceReliability) {
        if (p.fused() != null) {
            return p.best();
        }
        double w = params.faceWeight() * predictor.card().faceWeight();
        return ReliabilityFusion.fuse(p.audio(), audioReliability, face == null || w == 0 ? null : face,
                faceReliability, w);
    }

    /** Whether the model attends over the voice (cmaf C, D, E); B and windowed-qkv weigh frames evenly. */
    private boolean hasVoiceAttention() {
        ModelCard c = predictor.card();
        return "cmaf".equals(c.architecture())
                && org.autotier.core.fusion.CmafConfig.Variant.valueOf(c.variant()).intraAttention();
    }

    /** The face detections the expression net can read. */
    private static List<FaceObservation> usable(List<FaceObservation> face) {
        return face.stream().filter(o -> ReliabilityFusion.usable(o.box().score(), o.box().h())).toList();
    }

    /** How many frames the detector analysed in [start, end). */
    private int analysedFrames(long startMs, long endMs) {
        return (int) Math.max(1, Math.round((endMs - startMs) * segmentParams.analysisFps() / 1000.0));
    }

    private int frameCount(float[][] frames) {
        return Math.min(frames.length, predictor.card().maxFrames());
    }

    /** Averages the first {@code n} weights into at most {@code bins} bins. */
    private static float[] pool(float[] w, int n, int bins) {
        n = Math.max(1, Math.min(n, w.length));
        int b = Math.min(bins, n);
        float[] out = new float[b];
        for (int i = 0; i < n; i++) {
            out[(int) ((long) i * b / n)] += w[i];
        }
        return out;
    }
}
