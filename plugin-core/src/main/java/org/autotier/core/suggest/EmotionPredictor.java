package org.autotier.core.suggest;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.autotier.core.eval.Calibration;
import org.autotier.core.fusion.Djl;
import org.autotier.core.training.DomainModel;
import org.autotier.core.training.ModelCard;
import org.autotier.core.training.ModelStore;
import org.autotier.core.training.FusionInputs;
import org.autotier.core.training.Normalizer;

/**
 * A trained model ready for batched inference on a device: audio feature sequences (and, for
 * models with a trained fusion head, visual sequences) in, calibrated distributions out.
 */
public final class EmotionPredictor implements AutoCloseable {
    /** Segments per forward pass on the CPU: larger batches gain nothing there (docs/benchmarks.md). */
    public static final int CPU_BATCH = 64;
    /** On a GPU: large enough to keep the device busy. */
    public static final int GPU_BATCH = 512;

    /** One input's outputs; {@code fused} and {@code visual} are null for audio-only models. */
    public record Prediction(double[] audio, double[] fused, double[] visual, float[] audioAttention) {
        /** The model's own best distribution: the fused head when trained, the audio head otherwise. */
        public double[] best() {
            return fused != null ? fused : audio;
        }

        /**
         * The prediction with the second audio expert's opinion combined into its audio
         * distribution ({@link org.autotier.core.training.FunctionalExpert#combine}); unchanged
         * without an expert or an opinion. A fused head, trained on audio and faces, stays as it is.
         */
        public Prediction withExpert(org.autotier.core.training.FunctionalExpert expert,
                org.autotier.core.training.FunctionalExpert.Opinion opinion) {
            if (expert == null || opinion == null) {
                return this;
            }
            return new Prediction(expert.combine(audio, opinion), fused, visual, audioAttention);
        }

        /**
         * The prediction with its audio-driven distributions moved towards uniform by {@code lambda}
         * (the out-of-domain shrink, {@link org.autotier.core.training.DomainModel#shrink}).
         */
        public Prediction shrunk(double lambda) {
            if (lambda <= 0) {
                return this;
            }
            return new Prediction(DomainModel.towardsUniform(audio, lambda),
                    fused == null ? null : DomainModel.towardsUniform(fused, lambda), visual, audioAttention);
        }
    }

    private final ModelCard card;
    private final ModelStore.Loaded loaded; // the DJL/PyTorch network, or null
    private final OnnxEmotionModel onnx; // its ONNX form, or null
    private final Normalizer normalizer;
    private final Device device;
    private final int batch;

    private EmotionPredictor(ModelStore.Loaded loaded, Device device, int batch) {
        this.card = loaded.card();
        this.loaded = loaded;
        this.onnx = null;
        this.device = device;
        this.batch = batch;
        this.normalizer = new Normalizer(card.normalizationMean(), card.normalizationStd());
    }

    private EmotionPredictor(ModelCard card, OnnxEmotionModel onnx, int batch) {
        this.card = card;
        this.loaded = null;
        this.onnx = onnx;
        this.device = Device.cpu();
        this.batch = batch;
        this.normalizer = new Normalizer(card.normalizationMean(), card.normalizationStd());
    }

    /**
     * Which engine predicts on the CPU: {@code onnx} (the default: ONNX Runtime, when the model has
     * a current model.onnx) or {@code pytorch} (always DJL/PyTorch; for comparisons).
     */
    public static final String ENGINE_PROPERTY = "autotier.engine";

    /**
     * @param device "auto" (CUDA when present, else CPU), "cpu" or "gpu"
     */
    public static EmotionPredictor open(Path modelDir, String device) throws IOException {
        return open(modelDir, device, 0);
    }

    /**
     * @param device "auto" (CUDA when present, else CPU), "cpu" or "gpu"
     * @param batchSize segments per forward pass; 0 for the device's default ({@link #CPU_BATCH},
     *        {@link #GPU_BATCH})
     */
    public static EmotionPredictor open(Path modelDir, String device, int batchSize) throws IOException {
        return open(modelDir, device, batchSize, !"pytorch".equals(System.getProperty(ENGINE_PROPERTY)));
    }

    /** @param allowOnnx whether a model.onnx may be used on the CPU (else always DJL/PyTorch) */
    static EmotionPredictor open(Path modelDir, String device, int batchSize, boolean allowOnnx) throws IOException {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be positive (or 0 for the default), not " + batchSize);
        }
        String wanted = device.toLowerCase(Locale.ROOT);
        // on the CPU a model with an ONNX form runs without PyTorch, whose start is most of a short
        // clip's run; "auto" looks for a GPU only where an NVIDIA driver is installed
        boolean cpu = wanted.equals("cpu") || wanted.equals("auto") && !Files.exists(Path.of("/proc/driver/nvidia"));
        if (cpu && allowOnnx) {
            ModelCard card = ModelStore.readCard(modelDir);
            OnnxEmotionModel onnx = OnnxEmotionModel.openIfCurrent(modelDir, card, Djl.threads());
            if (onnx != null) {
                return new EmotionPredictor(card, onnx, batchSize > 0 ? batchSize : CPU_BATCH);
            }
        }
        Engine engine = Djl.pytorch();
        Device d = switch (wanted) {
            case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> {
                if (engine.getGpuCount() == 0) {
                    throw new IOException("--device gpu: no CUDA device is visible to PyTorch "
                            + "(build with -Pcuda for the CUDA natives, and check the driver)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, not \"" + device + "\"");
        };
        int batch = batchSize > 0 ? batchSize : d.isGpu() ? GPU_BATCH : CPU_BATCH;
        return new EmotionPredictor(ModelStore.load(modelDir, d), d, batch);
    }

    public ModelCard card() {
        return card;
    }

    public List<String> labels() {
        return card.labels();
    }

    /**
     * What runs this model folder on the CPU, in words for {@code doctor}: ONNX Runtime when it has a
     * model.onnx made from its parameters, else DJL/PyTorch and why.
     */
    public static String cpuEngine(Path modelDir) throws IOException {
        ModelCard card = ModelStore.readCard(modelDir);
        if (!Files.isRegularFile(modelDir.resolve(ModelStore.ONNX))) {
            return "DJL/PyTorch: no " + ModelStore.ONNX + " (./autotier export-onnx --model " + modelDir + " writes one "
                    + "for a CMAF network without attention)";
        }
        try (OnnxEmotionModel onnx = OnnxEmotionModel.openIfCurrent(modelDir, card, 1)) {
            return onnx != null ? "ONNX Runtime (" + ModelStore.ONNX + " made from these parameters)"
                    : "DJL/PyTorch: " + ModelStore.ONNX + " was made from other parameters or does not fit this model "
                            + "(./autotier export-onnx --model " + modelDir + ")";
        }
    }

    /** Whether the model runs in ONNX Runtime (else DJL/PyTorch). */
    public boolean onnx() {
        return onnx != null;
    }

    public Device device() {
        return device;
    }

    public int batchSize() {
        return batch;
    }

    /**
     * What runs the model, in one line: engine, versions, device, threads or CUDA, batch size. The
     * CLI prints it once when a GPU is used, so a user sees that it is.
     */
    public String describe() {
        if (onnx != null) {
            return "ONNX Runtime on cpu, " + Djl.threads() + " thread(s), batch " + batch;
        }
        String where;
        if (device.isGpu()) {
            where = device + ", CUDA " + ai.djl.util.cuda.CudaUtils.getCudaVersionString() + ", compute capability "
                    + ai.djl.util.cuda.CudaUtils.getComputeCapability(device.getDeviceId())
                    + (Djl.cudnn() ? ", cuDNN" : ", no cuDNN");
        } else {
            where = "cpu, " + ai.djl.pytorch.jni.JniUtils.getNumThreads() + " thread(s)";
        }
        return Djl.versions() + " on " + where + ", batch " + batch;
    }

    /** Whether the model has a trained fusion head, so visual sequences are used. */
    public boolean fused() {
        return "fused".equals(card.head());
    }

    /**
     * Predicts a batch.
     *
     * @param audio per input, feature frames [T][D]
     * @param visual per input, visual frames [T][visualDim] (ignored unless {@link #fused()}; may be null)
     */
    public List<Prediction> predict(List<float[][]> audio, List<float[][]> visual) {
        return predict(audio, visual, done -> { });
    }

    /**
     * {@link #predict(List, List)}, saying after each batch what share of the inputs is done: a
     * long recording's thousands of segments take minutes, and the analysis process's watchdog
     * ({@code ChildEngine}) takes silence for a hang.
     */
    public List<Prediction> predict(List<float[][]> audio, List<float[][]> visual, java.util.function.DoubleConsumer done) {
        if (onnx != null) {
            return predictOnnx(audio, done);
        }
        List<Prediction> out = new ArrayList<>(audio.size());
        ParameterStore ps = new ParameterStore(loaded.model().getNDManager(), false);
        for (int i = 0; i < audio.size(); i += batch) {
            int n = Math.min(batch, audio.size() - i);
            try (NDManager m = loaded.model().getNDManager().newSubManager()) {
                NDList outputs = loaded.block().forward(ps, inputs(m, audio.subList(i, i + n),
                        visual == null ? null : visual.subList(i, i + n)), false);
                double[][] a = probabilities(outputs.get(1), n);
                double[][] f = fused() ? probabilities(outputs.get(0), n) : null;
                double[][] v = fused() ? probabilities(outputs.get(2), n) : null;
                float[] alpha = outputs.get(3).toType(DataType.FLOAT32, false).toFloatArray();
                int t = card.maxFrames();
                for (int k = 0; k < n; k++) {
                    out.add(new Prediction(a[k], f == null ? null : f[k], v == null ? null : v[k],
                            java.util.Arrays.copyOfRange(alpha, k * t, (k + 1) * t)));
                }
            }
            done.accept((double) out.size() / audio.size());
        }
        return out;
    }

    private double[][] probabilities(NDArray logits, int n) {
        double[] flat = logits.toType(DataType.FLOAT64, false).toDoubleArray();
        int c = labels().size();
        double[][] p = new double[n][];
        for (int k = 0; k < n; k++) {
            p[k] = Calibration.softmax(java.util.Arrays.copyOfRange(flat, k * c, (k + 1) * c), card.temperature());
        }
        return p;
    }

    /** {@link #predict(List, List, java.util.function.DoubleConsumer)} in ONNX Runtime (audio head only). */
    private List<Prediction> predictOnnx(List<float[][]> audio, java.util.function.DoubleConsumer done) {
        List<Prediction> out = new ArrayList<>(audio.size());
        for (int i = 0; i < audio.size(); i += batch) {
            List<float[][]> part = audio.subList(i, Math.min(audio.size(), i + batch));
            double[][] logits = onnx.logits(part, normalizer);
            for (int k = 0; k < part.size(); k++) {
                out.add(new Prediction(Calibration.softmax(logits[k], card.temperature()), null, null,
                        onnx.frameWeights(part.get(k))));
            }
            done.accept((double) out.size() / audio.size());
        }
        return out;
    }

    private NDList inputs(NDManager m, List<float[][]> audio, List<float[][]> visual) {
        ModelCard c = card;
        return FusionInputs.of(m, normalizer, audio, fused() ? visual : null, c.maxFrames(), c.visualDim(),
                org.autotier.core.training.TrainingConfig.WINDOWED_QKV.equals(c.architecture()));
    }

    @Override
    public void close() {
        if (loaded != null) {
            loaded.close();
        }
        if (onnx != null) {
            onnx.close();
        }
    }
}
