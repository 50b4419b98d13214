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

    /**
     * Labelled segments over three classes: the audio opinion is right on {@code audioRight} of
     * every 10 (confidently, 0.7), the face opinion on {@code faceRight} of every 10; each wrong
     * opinion is confidently wrong.
     */
    private static java.util.List<ReliabilityFusion.Evidence> segments(int n, int audioRight, int faceRight) {
        java.util.List<ReliabilityFusion.Evidence> out = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            int audioSays = r.nextInt(10) < audioRight ? label : (label + 1 + r.nextInt(2)) % 3;
            int faceSays = r.nextInt(10) < faceRight ? label : (label + 1 + r.nextInt(2)) % 3;
            out.add(new ReliabilityFusion.Evidence(peaked(audioSays, 0.7), 1, peaked(faceSays, 0.8), 0.9, label));
        }
        return out;
    }

    private static double[] peaked(int k, double p) {
        double[] d = {(1 - p) / 2, (1 - p) / 2, (1 - p) / 2};
        d[k] = p;
        return d;
    }

    @Test
    void aFaceThatIsRightOnTheLabsDataEarnsAHighWeightAndOneThatIsNotEarnsNone() {
        ReliabilityFusion.FaceWeight trusted = ReliabilityFusion.fitFaceWeight(segments(120, 4, 9));
        assertTrue(trusted.faceWeight() > 1.5, "the face is right 9 times in 10, the audio 4: " + trusted);
        assertTrue(trusted.nll() < trusted.nllUnitWeight() && trusted.nllUnitWeight() < trusted.nllAudioOnly(),
                trusted.toString());
        assertEquals(120, trusted.withFace());

        ReliabilityFusion.FaceWeight ignored = ReliabilityFusion.fitFaceWeight(segments(120, 8, 3));
        assertTrue(ignored.faceWeight() < 0.3, "a face at chance (3 in 10 on 3 classes) adds nothing: " + ignored);
        assertTrue(ignored.nll() <= ignored.nllAudioOnly() + 1e-12 && ignored.nll() < ignored.nllUnitWeight(),
                ignored.toString());
    }

    @Test
    void tooFewSegmentsWithAFaceFitNothing() {
        java.util.List<ReliabilityFusion.Evidence> few = new java.util.ArrayList<>(segments(7, 5, 9));
        for (int i = 0; i < 50; i++) {
            few.add(new ReliabilityFusion.Evidence(peaked(i % 3, 0.7), 1, null, 0, i % 3)); // audio only
        }
        assertEquals(null, ReliabilityFusion.fitFaceWeight(few), "7 segments with a face, fewer than "
                + ReliabilityFusion.MIN_SEGMENTS_WITH_FACE);
        few.add(segments(8, 5, 9).get(7));
        assertEquals(8, ReliabilityFusion.fitFaceWeight(few).withFace());
    }
}
