package org.autotier.core.eval;

/** Inter-annotator agreement: Cohen's κ for two raters, Fleiss' κ for any number. */
public final class Agreement {
    private Agreement() {
    }

    /**
     * Cohen's κ = (p_o − p_e) / (1 − p_e) for two raters' class indices over the same items.
     * Returns 1 when both raters always agree on a single class (p_e = 1).
     */
    public static double cohen(int[] a, int[] b, int classes) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("two non-empty ratings of the same items are needed");
        }
        double[] pa = new double[classes];
        double[] pb = new double[classes];
        double agree = 0;
        for (int i = 0; i < a.length; i++) {
            pa[a[i]]++;
            pb[b[i]]++;
            agree += a[i] == b[i] ? 1 : 0;
        }
        double po = agree / a.length;
        double pe = 0;
        for (int c = 0; c < classes; c++) {
            pe += (pa[c] / a.length) * (pb[c] / a.length);
        }
        return pe == 1 ? 1 : (po - pe) / (1 - pe);
    }

    /**
     * Fleiss' κ from counts[item][class] = how many raters put the item in the class; every item
     * must have the same number of raters n ≥ 2.
     */
    public static double fleiss(int[][] counts) {
        int items = counts.length;
        int classes = counts[0].length;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            n += counts[0][c];
        }
        if (n < 2) {
            throw new IllegalArgumentException("Fleiss' kappa needs at least two raters per item");
        }
        double[] pj = new double[classes];
        double pBar = 0;
        for (int[] row : counts) {
            int rowSum = 0;
            double agree = 0;
            for (int c = 0; c < classes; c++) {
                rowSum += row[c];
                pj[c] += row[c];
                agree += (double) row[c] * (row[c] - 1);
            }
            if (rowSum != n) {
                throw new IllegalArgumentException("every item needs " + n + " ratings, one has " + rowSum);
            }
            pBar += agree / (n * (n - 1.0));
        }
        pBar /= items;
        double pe = 0;
        for (int c = 0; c < classes; c++) {
            double p = pj[c] / ((double) items * n);
            pe += p * p;
        }
        return pe == 1 ? 1 : (pBar - pe) / (1 - pe);
    }
}
