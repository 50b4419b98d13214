package org.autotier.core.suggest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reliability-weighted fusion on constructed distributions (docs/suggestions.md). */
class ReliabilityFusionTest {
    private static final double[] ANGRY = {0.02, 0.96, 0.02};
    private static final double[] NEUTRAL = {0.9, 0.05, 0.05};

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    @Test
    void twoReliableOpinionsCountEquallyAtFaceWeightOne() {
        double[] f = ReliabilityFusion.fuse(new double[] {0.7, 0.3}, 1, new double[] {0.3, 0.7}, 1, 1);
        assertArrayEquals(new double[] {0.5, 0.5}, f, 1e-12);
        double[] g = ReliabilityFusion.fuse(ANGRY, 1, null, 0, 1);
        assertArrayEquals(ANGRY, g, 1e-9, "audio alone, fully reliable: its own distribution");
    }

    @Test
    void anOutOfDomainAudioOpinionMovesTheFusedDistributionLittle() {
        double shrink = 0.9; // far outside the training data
        double[] audio = org.autotier.core.training.DomainModel.towardsUniform(ANGRY, shrink);
        double r = ReliabilityFusion.audioReliability(shrink, 3000);
        assertEquals(0.1, r, 1e-12);
        double[] fused = ReliabilityFusion.fuse(audio, r, NEUTRAL, 1, 1);
        assertEquals(0, FlagRules.argMax(fused), "the reliable face decides: " + java.util.Arrays.toString(fused));
        double[] faceOnly = ReliabilityFusion.fuse(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 0, NEUTRAL, 1, 1);
        assertArrayEquals(faceOnly, fused, 0.05, "an out-of-domain opinion barely moves the result");
    }

    @Test
    void whenBothOpinionsAreWeakTheResultIsUncertain() {
        double[] strong = ReliabilityFusion.fuse(ANGRY, 1, ANGRY, 1, 1);
        double[] weak = ReliabilityFusion.fuse(ANGRY, 0.1, ANGRY, 0.1, 1);
        assertTrue(strong[1] > 0.99);
        assertTrue(weak[1] < 0.7, "weak evidence, even agreeing, is not confident: " + weak[1]);
        assertTrue(entropy(weak) > entropy(strong));
        double[] none = ReliabilityFusion.fuse(ANGRY, 0, ANGRY, 0, 1);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, none, 1e-12, "no evidence: uniform");
    }

    @Test
    void reliabilitiesFollowSpeechDomainAndUsableFaceFrames() {
        assertEquals(1, ReliabilityFusion.audioReliability(0, 2500), 1e-12);
        assertEquals(0.5, ReliabilityFusion.audioReliability(0, 500), 1e-12, "half a second of speech");
        assertEquals(0, ReliabilityFusion.audioReliability(1, 2500), 1e-12, "fully out of domain");
        assertEquals(0.25, ReliabilityFusion.faceReliability(5, 20), 1e-12);
        assertEquals(0, ReliabilityFusion.faceReliability(0, 20), 1e-12);
        assertTrue(ReliabilityFusion.usable(0.9, 0.2) && !ReliabilityFusion.usable(0.6, 0.2)
                && !ReliabilityFusion.usable(0.9, 0.03));
        double[] t = ReliabilityFusion.temper(new double[] {0.9, 0.1}, 2);
        assertEquals(0.75, t[0], 1e-12, "sqrt(0.9) / (sqrt(0.9) + sqrt(0.1))");
    }
}
