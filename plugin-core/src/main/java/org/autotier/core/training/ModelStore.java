package org.autotier.core.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.autotier.core.fusion.CmafConfig;
import org.autotier.core.fusion.EnsembleBlock;

/**
 * A model is a folder: {@code cmaf-0000.params} (DJL's parameter file; an ensemble's members one
 * after the other) and {@code model.json} (the {@link ModelCard}). Loading checks the card's format
 * and names the folder in errors.
 */
public final class ModelStore {
    public static final String CARD = "model.json";
    public static final String NAME = "cmaf";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelStore() {
    }

    /** A loaded model: its card, block and DJL model (close it when done). */
    public record Loaded(ModelCard card, ai.djl.nn.AbstractBlock block, Model model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    public static void save(Path dir, ModelCard card, Model model) throws IOException {
        Files.createDirectories(dir);
        model.save(dir, NAME);
        writeCard(dir, card);
        writeOnnx(dir, card, (ai.djl.nn.AbstractBlock) model.getBlock());
    }

    /** The network's audio head as ONNX, which `run` uses instead of PyTorch ({@link OnnxExport}). */
    public static final String ONNX = "model.onnx";

    /** The parameters, as DJL writes them for {@link #NAME}. */
    static Path parameters(Path dir) {
        return dir.resolve(NAME + "-0000.params");
    }

    /**
     * Writes {@link #ONNX} for a network that has an ONNX form, or removes a stale one. The graph is
     * named after the parameters' SHA-256 ({@link #onnxGraphName}): a model.onnx left from other
     * parameters is never used.
     */
    public static void writeOnnx(Path dir, ModelCard card, ai.djl.nn.AbstractBlock block) throws IOException {
        Path onnx = dir.resolve(ONNX);
        if (!org.autotier.core.fusion.OnnxExport.supports(block)) {
            Files.deleteIfExists(onnx);
            return;
        }
        byte[] model = org.autotier.core.fusion.OnnxExport.audioHead(block, card.maxFrames(), onnxGraphName(dir));
        org.autotier.model.eaf.io.AtomicFiles.write(onnx, false, out -> out.write(model));
    }

    /** What the ONNX graph made from this folder's parameters is called: their SHA-256. */
    public static String onnxGraphName(Path dir) throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(parameters(dir)));
            return "autotier audio head, parameters sha256 " + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Writes model.json atomically. */
    public static void writeCard(Path dir, ModelCard card) throws IOException {
        org.autotier.model.eaf.io.AtomicFiles.write(dir.resolve(CARD), false, out -> JSON.writeValue(
                new java.io.FilterOutputStream(out) {
                    @Override
                    public void close() {
                        // AtomicFiles closes the stream itself
                    }
                }, card));
    }

    public static ModelCard readCard(Path dir) throws IOException {
        Path card = dir.resolve(CARD);
        if (!Files.isRegularFile(card)) {
            throw new IOException(dir + ": not an autotier model (no " + CARD + ")");
        }
        ModelCard c;
        try {
            c = JSON.readValue(card.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new IOException(card + ": unreadable model card: " + e.getMessage(), e);
        }
        if (c.format() != ModelCard.FORMAT) {
            throw new IOException(card + ": model format " + c.format() + ", this autotier reads " + ModelCard.FORMAT);
        }
        return c;
    }

    public static Loaded load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** Loads a model onto a device (null: DJL's default, the first GPU when there is one). */
    public static Loaded load(Path dir, ai.djl.Device device) throws IOException {
        ModelCard card = readCard(dir);
        ai.djl.nn.AbstractBlock block = newBlock(card);
        Model model = device == null ? Model.newInstance(NAME) : Model.newInstance(NAME, device);
        model.setBlock(block);
        try {
            model.load(dir, NAME);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException(dir + ": cannot load the parameters: " + e.getMessage(), e);
        }
        return new Loaded(card, block, model);
    }

    /** An untrained network shaped as the card says: one, or an ensemble of {@link #members} of them. */
    public static ai.djl.nn.AbstractBlock newBlock(ModelCard card) {
        return EnsembleBlock.ofFresh(members(card), () -> FusionTrainer.newBlock(card.architecture(),
                TrainingConfig.CMAF.equals(card.architecture()) ? CmafConfig.Variant.valueOf(card.variant()) : null,
                card.audioDim(), card.visualDim(), card.hidden(), card.attention(), card.labels().size(),
                card.dropout()));
    }

    /** Networks in the card's model (1 for cards written before ensembles existed). */
    public static int members(ModelCard card) {
        TrainingConfig c = card.provenance() == null ? null : card.provenance().config();
        return c == null ? 1 : c.memberCount();
    }

    /** Member k of a model's network (the network itself for a single one). */
    public static ai.djl.nn.AbstractBlock member(ai.djl.nn.AbstractBlock block, int k) {
        if (block instanceof EnsembleBlock e) {
            return e.member(k);
        }
        if (k != 0) {
            throw new IllegalArgumentException("a single network has no member " + k);
        }
        return block;
    }

    public static String toJson(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }
}
