package org.autotier.ui.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence behind each suggestion, from the JSON sidecar {@code NAME.autotier.json} beside
 * the document: the intra-modal attention over the voice (seed 000's α) and the face net's
 * probability of the label per face frame, which the heatmap draws.
 */
public final class ReviewEvidence {
    /**
     * One segment's weights; either may be empty.
     *
     * @param voiceIsAttention the voice row is the model's attention over time; otherwise each
     *     analysis window's audio probability of the label (models without attention)
     */
    public record Weights(float[] voiceAttention, float[] face, boolean voiceIsAttention) {
        public Weights(float[] voiceAttention, float[] face) {
            this(voiceAttention, face, true);
        }
    }

    private final Map<Long, Weights> bySegmentStart = new HashMap<>();

    private ReviewEvidence() {
    }

    public static ReviewEvidence none() {
        return new ReviewEvidence();
    }

    /** The sidecar of the EAF at {@code eaf}; empty evidence when there is none or it is unreadable. */
    public static ReviewEvidence forDocument(Path eaf) {
        Path json = org.autotier.model.suggest.SuggestionTiers.sidecar(eaf, "json");
        if (!Files.isRegularFile(json)) {
            return new ReviewEvidence();
        }
        try (InputStream in = Files.newInputStream(json)) {
            return read(in);
        } catch (IOException unreadable) {
            return new ReviewEvidence();
        }
    }

    /**
     * Reads a sidecar. Evidence is a nicety: the panel works without it, so anything that is not
     * the sidecar's shape (a damaged or hand-edited file) gives no evidence for that part rather than
     * an exception in the review panel (ReviewEvidenceFuzzTest). Only IOException escapes, for JSON
     * that does not parse.
     */
    static ReviewEvidence read(InputStream in) throws IOException {
        ReviewEvidence e = new ReviewEvidence();
        JsonNode root = new ObjectMapper().readTree(in);
        if (root == null) {
            return e;
        }
        for (JsonNode s : root.path("suggestions")) {
            JsonNode a = s.path("attention");
            e.bySegmentStart.put(s.path("startMs").asLong(), new Weights(floats(a.path("audio")),
                    floats(a.path("faceTimeline")), !"windows".equals(a.path("audioKind").asText("attention"))));
        }
        return e;
    }

    private static float[] floats(JsonNode n) {
        if (!n.isArray()) {
            return new float[0]; // an object has a size too, but no elements by index (fuzzing found it)
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    public Optional<Weights> forSegment(long startMs) {
        return Optional.ofNullable(bySegmentStart.get(startMs));
    }
}
