package org.autotier.core.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.autotier.core.eval.Calibration;

/**
 * The second audio expert (model.json {@code functionals}): a {@link FunctionalClassifier} on
 * {@link UtteranceFunctionals}, each statistic relative to its speaker, combined with the BiLSTM.
 *
 * <p><b>Relative to the speaker.</b> A statistic such as mean pitch says more about who speaks
 * than about how they feel; relative to the same speaker's other utterances it says how aroused
 * this utterance is. Each speaker's utterances (in training, a corpus speaker's clips; at run
 * time, one face track's or one recording's segments) are z-scored by that speaker's mean and
 * deviation, each shrunk towards the training population's by {@code prior} pseudo-utterances:
 * a speaker with two segments is normalised mostly by the population, one with 60 by their own.
 *
 * <p><b>How much it counts.</b> With little of the speaker heard the relative statistics mean
 * little, so the expert's weight is {@code weight · n / (n + prior)} for a speaker with n
 * utterances: a single clip is judged mostly by the BiLSTM, as before this expert existed. The
 * combination is a linear pool of the two calibrated distributions ({@link #combine}).
 *
 * @param mean the training population's statistics (mean per statistic)
 * @param std their deviation
 * @param prior pseudo-utterances of the population in each speaker's statistics, and the n at
 *     which the expert has half its weight
 * @param classifier trained on speaker-relative statistics
 * @param temperature the classifier's, fitted on the validation speakers
 * @param weight the expert's share a at full weight, fitted on the validation speakers
 * @param statistics which of {@link UtteranceFunctionals}' statistics it reads: {@value #ALL} (null in
 *     models written before the choice existed), {@value #PITCH} (the
 *     {@link UtteranceFunctionals#PITCH_DIMENSION} of the F0 contour) or {@value #VOICE} (those and
 *     the {@link UtteranceFunctionals#VOICE_DIMENSION} of voice quality and rhythm)
 * @param poolTemperature a temperature on the pooled distribution at the expert's full share, fitted
 *     on the validation speakers after the share (0 or 1: none, as in models written before it
 *     existed). A linear pool of two calibrated opinions spreads mass where they disagree and comes
 *     out under-confident. It acts in proportion to the share, so a clip heard alone keeps the
 *     BiLSTM's own calibration
 */
public record FunctionalExpert(double[] mean, double[] std, double prior, FunctionalClassifier classifier,
        double temperature, double weight, String statistics, double poolTemperature) {

    /** The spectral and pitch statistics of {@link UtteranceFunctionals#of} (sessions 5-9's expert). */
    public static final String ALL = "all";
    /** The F0 contour's statistics alone: what carried emotion best across corpora (model card, E6c). */
    public static final String PITCH = "pitch";
    /** The pitch statistics and the voice quality and rhythm ones (model card, E17). */
    public static final String VOICE = "voice";

    public FunctionalExpert {
        if (statistics != null && !known(statistics)) {
            throw new IllegalArgumentException("unknown utterance statistics '" + statistics + "' (all, pitch or voice)");
        }
    }

    /** Whether {@code statistics} names a set an expert can read: {@value #ALL}, {@value #PITCH} or {@value #VOICE}. */
    public static boolean known(String statistics) {
        return ALL.equals(statistics) || PITCH.equals(statistics) || VOICE.equals(statistics);
    }

    /** An expert without a pooled temperature, on the statistics named. */
    public FunctionalExpert(double[] mean, double[] std, double prior, FunctionalClassifier classifier,
            double temperature, double weight, String statistics) {
        this(mean, std, prior, classifier, temperature, weight, statistics, 1);
    }

    /**
     * The statistics a set names, out of all of {@link UtteranceFunctionals#of}'s: the blocks are
     * spectral, pitch, voice; {@value #PITCH} and {@value #VOICE} are runs of them, {@value #ALL} is
     * every one.
     */
    public static double[] select(double[] all, String statistics) {
        int pitchStart = all.length - UtteranceFunctionals.PITCH_DIMENSION - UtteranceFunctionals.VOICE_DIMENSION;
        if (PITCH.equals(statistics)) {
            return Arrays.copyOfRange(all, pitchStart, pitchStart + UtteranceFunctionals.PITCH_DIMENSION);
        }
        if (VOICE.equals(statistics)) {
            return Arrays.copyOfRange(all, pitchStart, all.length);
        }
        return all;
    }

    /**
     * The statistics this expert reads. An {@value #ALL} expert written before the voice block
     * existed knows fewer statistics than {@link UtteranceFunctionals#of} now gives; the block was
     * appended, so its statistics are the first ones, as they were.
     */
    private double[] read(double[] all) {
        double[] s = select(all, statistics);
        return s.length > mean.length ? Arrays.copyOf(s, mean.length) : s;
    }

    /** Pseudo-utterances of the population prior: about one RAVDESS emotion's worth of clips. */
    public static final double PRIOR = 8;
    /** The penalties tried; the one with the best validation UA is kept. */
    static final double[] L2 = {0.01, 0.03, 0.1, 0.3};

    /** What {@link #fit} measured on the validation speakers, for the training log. */
    public record Fit(FunctionalExpert expert, double validationUa, double validationNll) {
    }

    /**
     * @param train per training clip: its raw statistics, speaker and label
     * @param validation the same for the validation clips (none in training)
     * @param validationBilstm the BiLSTM's calibrated distributions of the validation clips
     */
    public static Fit fit(List<double[]> train, List<String> trainSpeakers, int[] trainLabels,
            List<double[]> validation, List<String> validationSpeakers, int[] validationLabels,
            double[][] validationBilstm, int classes, String statistics) {
        return fit(train, trainSpeakers, trainLabels, validation, validationSpeakers, validationLabels,
                validationBilstm, classes, statistics, 1, 0);
    }

    /**
     * {@link #fit(List, List, int[], List, List, int[], double[][], int, String)} with each training
     * and validation speaker relative to {@code references} reference sets of varied emotional
     * make-up ({@link #relativeToVariedReferences}, drawn from {@code seed}), so that the classifier,
     * its temperature, the share and the pool's temperature are fitted for recordings that are not
     * an acted corpus's balance of emotions.
     */
    public static Fit fit(List<double[]> train, List<String> trainSpeakers, int[] trainLabels,
            List<double[]> validation, List<String> validationSpeakers, int[] validationLabels,
            double[][] validationBilstm, int classes, String statistics, int references, long seed) {
        return fit(train, trainSpeakers, trainLabels, validation, validationSpeakers, validationLabels,
                validationBilstm, classes, statistics, references, seed, false);
    }

    /** The segments a one-emotion validation reference counts as: a few minutes of one speaker. */
    static final int ONE_MOOD_UTTERANCES = 64;

    /**
     * {@link #fit(List, List, int[], List, List, int[], double[][], int, String, int, long)}; with
     * {@code oneMood}, the share and the pool's temperature are fitted also on rows of each validation
     * speaker relative to that speaker's clips of one emotion alone (every emotion with at least two
     * clips), counted as heard in {@link #ONE_MOOD_UTTERANCES} segments, as a long recording would be.
     * The classifier, its penalty and temperature are fitted as before. Why: a recording of one
     * speaker is rarely an acted corpus's balance of emotions (a child reading for ten minutes is calm
     * throughout), and relative to a calm mean the classifier, which learned that a speaker's mean is
     * the average emotion, reads ordinary variation as emotions; it cannot know, so its share must.
     * Measured (docs/model-card.md, E29): the share settles low and the expert loses what it carried
     * across corpora, so the shipped model is fitted without it.
     */
    public static Fit fit(List<double[]> train, List<String> trainSpeakers, int[] trainLabels,
            List<double[]> validation, List<String> validationSpeakers, int[] validationLabels,
            double[][] validationBilstm, int classes, String statistics, int references, long seed, boolean oneMood) {
        Normalizer population = Normalizer.fitVectors(train.stream().map(v -> select(v, statistics)).toList(), 1e-6);
        double[] mean = population.mean();
        double[] std = population.std();
        FunctionalExpert unfitted = new FunctionalExpert(mean, std, PRIOR, null, 1, 0, statistics);
        // one reference per speaker gives relative()'s rows, in the clips' own order
        Rows t = unfitted.relativeToVariedReferences(train, trainSpeakers, trainLabels, references, seed);
        Rows v = unfitted.relativeToVariedReferences(validation, validationSpeakers, validationLabels, references,
                seed + 1);
        double[][] x = t.x();
        trainLabels = t.labels();
        double[][] xv = v.x();
        validationLabels = v.labels();
        double[][] perClip = validationBilstm;
        validationBilstm = Arrays.stream(v.source()).mapToObj(i -> perClip[i]).toArray(double[][]::new);
        int[] utterances = v.utterances();
        FunctionalClassifier best = null;
        double bestUa = -1;
        for (double l2 : L2) {
            FunctionalClassifier c = FunctionalClassifier.fit(x, trainLabels, classes, l2);
            double ua = unweightedAccuracy(c.logits(xv), validationLabels, classes);
            if (ua > bestUa) {
                bestUa = ua;
                best = c;
            }
        }
        double[][] logits = best.logits(xv);
        double temperature = Calibration.fitTemperature(logits, validationLabels);
        if (oneMood) {
            // the same validation clips again, each relative to its speaker's clips of its own emotion
            List<double[]> moodX = new ArrayList<>();
            List<Integer> moodLabels = new ArrayList<>();
            List<double[]> moodBilstm = new ArrayList<>();
            for (List<Integer> idx : bySpeaker(validationSpeakers).values()) {
                for (int c = 0; c < classes; c++) {
                    final int cls = c;
                    List<Integer> mine = idx.stream().filter(i -> v.labels()[i] == cls).toList();
                    if (mine.size() < 2) {
                        continue;
                    }
                    List<double[]> clips = mine.stream().map(validation::get).toList();
                    unfitted.relativeTo(clips, clips).forEach(moodX::add);
                    mine.forEach(i -> {
                        moodLabels.add(cls);
                        moodBilstm.add(perClip[i]);
                    });
                }
            }
            int n = xv.length;
            xv = Arrays.copyOf(xv, n + moodX.size());
            validationLabels = Arrays.copyOf(validationLabels, n + moodX.size());
            validationBilstm = Arrays.copyOf(validationBilstm, n + moodX.size());
            utterances = Arrays.copyOf(utterances, n + moodX.size());
            for (int k = 0; k < moodX.size(); k++) {
                xv[n + k] = moodX.get(k);
                validationLabels[n + k] = moodLabels.get(k);
                validationBilstm[n + k] = moodBilstm.get(k);
                utterances[n + k] = ONE_MOOD_UTTERANCES;
            }
            logits = best.logits(xv);
        }
        // the share a: the validation speakers' negative log-likelihood of the combination
        double bestA = 0;
        double bestNll = Double.POSITIVE_INFINITY;
        for (int step = 0; step <= 20; step++) {
            double a = step / 20.0;
            double nll = new FunctionalExpert(mean, std, PRIOR, best, temperature, a, statistics)
                    .nll(validationBilstm, logits, utterances, validationLabels);
            if (nll < bestNll - 1e-9) {
                bestNll = nll;
                bestA = a;
            }
        }
        // the pooled distribution's own temperature, on the same validation speakers (a grid: it acts
        // in proportion to each speaker's share, so there is no single-temperature fit)
        FunctionalExpert fitted = new FunctionalExpert(mean, std, PRIOR, best, temperature, bestA, statistics);
        double fittedNll = bestNll;
        for (int step = 0; step <= 30 && bestA > 0; step++) {
            FunctionalExpert e = new FunctionalExpert(mean, std, PRIOR, best, temperature, bestA, statistics,
                    0.4 + step * 0.04);
            double nll = e.nll(validationBilstm, logits, utterances, validationLabels);
            if (nll < fittedNll - 1e-9) {
                fittedNll = nll;
                fitted = e;
            }
        }
        return new Fit(fitted, bestUa, fittedNll / xv.length);
    }

    /** The summed negative log-likelihood of the labels under {@link #combine}, clip by clip. */
    private double nll(double[][] bilstm, double[][] logits, int[] utterances, int[] labels) {
        double nll = 0;
        for (int i = 0; i < labels.length; i++) {
            nll -= Math.log(Math.max(1e-12, combine(bilstm[i], logits[i], utterances[i])[labels[i]]));
        }
        return nll;
    }

    /** Each utterance's statistics relative to its speaker's (the lists are parallel). */
    public List<double[]> relative(List<double[]> raw, List<String> speakers) {
        double[][] out = new double[raw.size()][];
        bySpeaker(speakers).values().forEach(idx -> {
            List<double[]> rel = relativeTogether(idx.stream().map(raw::get).toList());
            for (int k = 0; k < idx.size(); k++) {
                out[idx.get(k)] = rel.get(k);
            }
        });
        return List.of(out);
    }

    /**
     * Training rows relative to references of varied emotional make-up: each clip of a speaker
     * relative to that speaker's clips ({@code source[i]} names the clip, {@code utterances[i]} the
     * reference's size). The first reference's rows come first, at their clips' positions.
     */
    public record Rows(double[][] x, int[] labels, int[] source, int[] utterances) {
    }

    /**
     * Each speaker's utterances relative to {@code references} reference sets: the first is all of
     * the speaker's utterances (an acted corpus's balance of emotions); each further one holds only
     * the utterances of one to three of the speaker's emotions, drawn at random. Why: at run time
     * the reference is a recording, and a recording is rarely balanced. Someone heard only while
     * calm (a read text, an interview) has a calm mean, and a classifier that learned "the
     * speaker's mean is the average emotion" reads their ordinary variation as emotions. Measured
     * (docs/model-card.md, E19): the classifier alone becomes far less sure of such speakers, the
     * full model does not, so the shipped model trains with one reference.
     */
    public Rows relativeToVariedReferences(List<double[]> raw, List<String> speakers, int[] labels, int references,
            long seed) {
        Random random = new Random(seed);
        int n = raw.size();
        // the first reference's rows at the clips' own positions, the further ones after them
        double[][] x = new double[n * Math.max(1, references)][];
        int[] source = new int[x.length];
        int[] sizes = new int[x.length];
        int next = n;
        for (List<Integer> idx : bySpeaker(speakers).values()) {
            List<double[]> mine = idx.stream().map(raw::get).toList();
            List<Integer> emotions = idx.stream().map(i -> labels[i]).distinct().sorted().toList();
            for (int r = 0; r < Math.max(1, references); r++) {
                List<double[]> reference = mine;
                if (r > 0) {
                    List<Integer> shuffled = new ArrayList<>(emotions);
                    Collections.shuffle(shuffled, random);
                    int kept = Math.min(shuffled.size(), 1 + random.nextInt(3));
                    Set<Integer> chosen = Set.copyOf(shuffled.subList(0, kept));
                    reference = idx.stream().filter(i -> chosen.contains(labels[i])).map(raw::get).toList();
                }
                List<double[]> rel = relativeTo(mine, reference);
                for (int k = 0; k < idx.size(); k++) {
                    int row = r == 0 ? idx.get(k) : next++;
                    x[row] = rel.get(k);
                    source[row] = idx.get(k);
                    sizes[row] = reference.size();
                }
            }
        }
        return new Rows(x, Arrays.stream(source).map(i -> labels[i]).toArray(), source, sizes);
    }

    /** Each speaker's positions in the list, in order of first appearance. */
    private static Map<String, List<Integer>> bySpeaker(List<String> speakers) {
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (int i = 0; i < speakers.size(); i++) {
            by.computeIfAbsent(speakers.get(i), k -> new ArrayList<>()).add(i);
        }
        return by;
    }

    /**
     * One speaker's utterances, relative to their statistics shrunk towards the population's: mean
     * (n·m_speaker + k·m_population) / (n + k), variance (n·v_speaker + k·v_population) / (n + k)
     * for n utterances and k = {@link #prior}.
     */
    public List<double[]> relativeTogether(List<double[]> all) {
        return relativeTo(all, all);
    }

    /**
     * Utterances relative to a reference set of the same speaker's utterances (their statistics
     * shrunk towards the population's as in {@link #relativeTogether}).
     */
    public List<double[]> relativeTo(List<double[]> all, List<double[]> referenceSet) {
        List<double[]> utterances = all.stream().map(this::read).toList();
        List<double[]> reference = referenceSet == all ? utterances : referenceSet.stream().map(this::read).toList();
        int d = mean.length;
        int n = reference.size();
        double[] m = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double own = 0;
            for (double[] v : reference) {
                own += v[j] / n;
            }
            double ownVar = 0;
            for (double[] v : reference) {
                ownVar += (v[j] - own) * (v[j] - own) / n;
            }
            m[j] = (n * own + prior * mean[j]) / (n + prior);
            sd[j] = Math.sqrt((n * ownVar + prior * std[j] * std[j]) / (n + prior));
        }
        List<double[]> out = new ArrayList<>(utterances.size());
        for (double[] v : utterances) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = (v[j] - m[j]) / (sd[j] + 1e-9);
            }
            out.add(z);
        }
        return out;
    }

    /** The expert's share for a speaker heard in {@code utterances} utterances. */
    public double share(int utterances) {
        return weight * utterances / (utterances + prior);
    }

    /**
     * The combined distribution: (1 − a) · p_bilstm + a · softmax(logits / T), a =
     * {@link #share}. A linear pool, not a product: the expert can move at most its share of the
     * probability mass, however sure it is, so a speaker heard once (a ≈ 0.1) keeps the BiLSTM's
     * label unless the BiLSTM itself was torn.
     *
     * @param bilstm the BiLSTM's calibrated distribution
     * @param logits the classifier's logits of the speaker-relative statistics
     * @param utterances how many utterances of this speaker the statistics were relative to
     */
    public double[] combine(double[] bilstm, double[] logits, int utterances) {
        double a = share(utterances);
        if (a <= 0) {
            return bilstm;
        }
        double[] q = Calibration.softmax(logits, temperature);
        double[] out = new double[bilstm.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (1 - a) * bilstm[c] + a * q[c];
        }
        if (poolTemperature <= 0 || poolTemperature == 1) {
            return out;
        }
        // in proportion to the share: a clip heard alone (a small share) keeps the BiLSTM's calibration
        double t = 1 + (poolTemperature - 1) * a / weight;
        return Calibration.softmax(Arrays.stream(out).map(v -> Math.log(Math.max(1e-12, v))).toArray(), t);
    }

    /**
     * The expert's opinion of one utterance: the classifier's logits of its speaker-relative
     * statistics, and how many utterances of the speaker they are relative to.
     */
    public record Opinion(double[] logits, int utterances) {
    }

    /** Every utterance's opinion, each relative to its speaker's utterances in the list. */
    public List<Opinion> opinions(List<double[]> raw, List<String> speakers) {
        Opinion[] out = new Opinion[raw.size()];
        bySpeaker(speakers).values().forEach(idx -> {
            List<Opinion> mine = opinionsTogether(idx.stream().map(raw::get).toList());
            for (int k = 0; k < idx.size(); k++) {
                out[idx.get(k)] = mine.get(k);
            }
        });
        return List.of(out);
    }

    /** The opinions of one speaker's utterances, each relative to all of them. */
    public List<Opinion> opinionsTogether(List<double[]> utterances) {
        return relativeTogether(utterances).stream()
                .map(z -> new Opinion(classifier.logits(z), utterances.size())).toList();
    }

    /** {@link #combine(double[], double[], int)} with an opinion. */
    public double[] combine(double[] bilstm, Opinion opinion) {
        return combine(bilstm, opinion.logits(), opinion.utterances());
    }

    private static double unweightedAccuracy(double[][] logits, int[] labels, int classes) {
        int[] hit = new int[classes];
        int[] total = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int top = 0;
            for (int c = 1; c < classes; c++) {
                top = logits[i][c] > logits[i][top] ? c : top;
            }
            total[labels[i]]++;
            hit[labels[i]] += top == labels[i] ? 1 : 0;
        }
        double s = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (total[c] > 0) {
                s += (double) hit[c] / total[c];
                present++;
            }
        }
        return present == 0 ? 0 : s / present;
    }
}
