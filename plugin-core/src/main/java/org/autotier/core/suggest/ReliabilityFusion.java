package org.autotier.core.suggest;

import java.util.List;

/**
 * Late fusion that weighs each modality by how much its opinion can be trusted for this segment
 * (docs/suggestions.md): a weighted product of experts,
 *
 * <pre>  log p(c) = r_a · log p_audio(c) + w · r_f · log p_face(c) + const</pre>
 *
 * where r_a and r_f in [0, 1] are the reliabilities of the audio and face opinions and w the face
 * weight. A reliable opinion counts fully, an unreliable one hardly at all, and when both are
 * unreliable every class's log-probability is scaled towards zero, so the result is flat
 * (uncertain) rather than confident.
 *
 * <ul>
 *   <li>audio: r_a = (1 − out-of-domain shrink) · min(1, speech / {@value #FULL_SPEECH_MS} ms);
 *   <li>face: r_f = the share of the segment's analysed frames with a usable face (detector score
 *       ≥ {@value #USABLE_SCORE}, height ≥ {@value #USABLE_HEIGHT} of the frame).
 * </ul>
 * The face net's distribution is tempered by {@value #FACE_TEMPERATURE} first: it was trained on
 * posed photographs and is far surer of itself on video frames than it is right (a neutral
 * talking face reads 0.95+ neutral one frame and something else the next).
 */
public final class ReliabilityFusion {
    /** Speech that counts as a full utterance for the audio opinion. */
    public static final long FULL_SPEECH_MS = 1000;
    /** A face the net can read: the detector's score. */
    public static final double USABLE_SCORE = 0.75;
    /** A face the net can read: its height as a share of the frame's. */
    public static final double USABLE_HEIGHT = 0.08;
    /** Tempering of the face net's distribution. */
    public static final double FACE_TEMPERATURE = 2.0;

    private ReliabilityFusion() {
    }

    /** How far the audio opinion can be trusted: in domain and with enough speech. */
    public static double audioReliability(double outOfDomainShrink, long speechMs) {
        return Math.max(0, 1 - outOfDomainShrink) * Math.min(1, (double) speechMs / FULL_SPEECH_MS);
    }

    /** How far the face opinion can be trusted: usable frames over the frames analysed in the segment. */
    public static double faceReliability(int usableFrames, int analysedFrames) {
        return analysedFrames <= 0 ? 0 : Math.min(1, (double) usableFrames / analysedFrames);
    }

    /** Whether a detection is good enough for the expression net. */
    public static boolean usable(double detectorScore, double heightShare) {
        return detectorScore >= USABLE_SCORE && heightShare >= USABLE_HEIGHT;
    }

    /**
     * The face net's opinion of a segment, as {@code run} forms it and {@code train} fits the face
     * weight on it: the mean of its usable frames' distributions (the net's 7 FER labels), mapped
     * onto the model's labels ({@link LabelMapping}) and tempered; null without frames or when the
     * mapping has nothing to say.
     */
    public static double[] faceOpinion(List<float[]> frames, LabelMapping faceToModel) {
        if (frames.isEmpty()) {
            return null;
        }
        double[] mean = new double[frames.get(0).length];
        for (float[] p : frames) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p[i] / frames.size();
            }
        }
        double[] mapped = faceToModel.apply(mean);
        return mapped == null ? null : temper(mapped, FACE_TEMPERATURE);
    }

    /** p^(1/T), renormalised. */
    public static double[] temper(double[] p, double temperature) {
        double[] out = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.pow(Math.max(p[i], 1e-12), 1 / temperature);
            sum += out[i];
        }
        for (int i = 0; i < p.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /**
     * The fused distribution.
     *
     * @param audio the calibrated audio distribution (never null)
     * @param face the face distribution on the model's labels, or null when there is none
     */
    public static double[] fuse(double[] audio, double audioReliability, double[] face, double faceReliability,
            double faceWeight) {
        double[] log = new double[audio.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < audio.length; i++) {
            log[i] = audioReliability * Math.log(Math.max(audio[i], 1e-9));
            if (face != null) {
                log[i] += faceWeight * faceReliability * Math.log(Math.max(face[i], 1e-9));
            }
            max = Math.max(max, log[i]);
        }
        double sum = 0;
        double[] out = new double[audio.length];
        for (int i = 0; i < audio.length; i++) {
            out[i] = Math.exp(log[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < audio.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** Face weights a fit tries: 0 to {@value #MAX_FITTED_WEIGHT} in steps of {@value #GRID_STEP}. */
    public static final double MAX_FITTED_WEIGHT = 4.0;
    private static final double GRID_STEP = 0.05;
    /** Fewer labelled segments with a face than this fit nothing: the weight would follow noise. */
    public static final int MIN_SEGMENTS_WITH_FACE = 8;

    /** One labelled segment as late fusion sees it. */
    public record Evidence(double[] audio, double audioReliability, double[] face, double faceReliability, int label) {
    }

    /**
     * The face weight fitted on labelled audio-visual segments (a lab's reviewed EAF corpus with
     * video): the one that gives the labels the lowest mean negative log-likelihood under
     * {@link #fuse}. It multiplies whatever weight the user sets (1 by default).
     *
     * @param faceWeight the fitted weight
     * @param segments labelled segments it was fitted on
     * @param withFace those with a face opinion (the others do not depend on the weight)
     * @param nllAudioOnly their mean NLL with the face ignored (weight 0)
     * @param nllUnitWeight with weight 1, the default without a fit
     * @param nll with the fitted weight
     */
    public record FaceWeight(double faceWeight, int segments, int withFace, double nllAudioOnly, double nllUnitWeight,
            double nll) {
    }

    /** The fitted face weight, or null with fewer than {@value #MIN_SEGMENTS_WITH_FACE} segments with a face. */
    public static FaceWeight fitFaceWeight(List<Evidence> segments) {
        int withFace = (int) segments.stream().filter(e -> e.face() != null && e.faceReliability() > 0).count();
        if (withFace < MIN_SEGMENTS_WITH_FACE) {
            return null;
        }
        // a grid, not a gradient: one parameter, a cheap objective, and no local minimum to fall into
        double[] nll = new double[(int) Math.round(MAX_FITTED_WEIGHT / GRID_STEP) + 1];
        int best = 0;
        for (int k = 0; k < nll.length; k++) {
            nll[k] = meanNll(segments, k * GRID_STEP);
            best = nll[k] < nll[best] - 1e-12 ? k : best;
        }
        return new FaceWeight(best * GRID_STEP, segments.size(), withFace, nll[0],
                nll[(int) Math.round(1 / GRID_STEP)], nll[best]);
    }

    /** The labels' mean negative log-likelihood under the fusion with face weight {@code w}. */
    public static double meanNll(List<Evidence> segments, double w) {
        double sum = 0;
        for (Evidence e : segments) {
            double[] p = fuse(e.audio(), e.audioReliability(), e.face(), e.faceReliability(), w);
            sum -= Math.log(Math.max(p[e.label()], 1e-12));
        }
        return segments.isEmpty() ? 0 : sum / segments.size();
    }
}
