package org.autotier.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.autotier.core.fusion.OnnxExport;
import org.autotier.core.training.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autotier export-onnx}: writes a trained model's model.onnx, with which {@code run}
 * predicts in ONNX Runtime instead of PyTorch. {@code train} writes it itself; this is for models
 * trained before, and for checking that the shipped one is what its parameters give.
 */
@Command(name = "export-onnx", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Write MODEL_DIR/model.onnx from the model's trained network, so that run predicts in ONNX",
            "Runtime without starting PyTorch (train writes it itself; this is for models trained before)."})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "the model's folder")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        org.autotier.core.fusion.Djl.pytorch(); // reading the parameters needs the engine that wrote them
        try (ModelStore.Loaded loaded = ModelStore.load(model, ai.djl.Device.cpu())) {
            if (!OnnxExport.supports(loaded.block())) {
                spec.commandLine().getErr().println("autotier: " + model + ": this network (" + loaded.card().architecture()
                        + " " + loaded.card().variant() + ", " + ModelStore.members(loaded.card())
                        + " member(s)) has no ONNX form; run uses PyTorch for it");
                return ExitCodes.FAILED;
            }
            ModelStore.writeOnnx(model, loaded.card(), loaded.block());
        }
        Path onnx = model.resolve(ModelStore.ONNX);
        spec.commandLine().getOut().printf("%s: %,d bytes%n", onnx, Files.size(onnx));
        return ExitCodes.OK;
    }
}
