package dev.vigil.anomaly.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring, as its paper and README describe it.
 *
 * <p>Every row after the probationary period gets a weight by where it lies. Inside a window, a detection is worth
 * {@code σ(p) / σ(-1)} where {@code p = -(rows from it to the window's end, inclusive) / window rows} runs from -1 at
 * the window's first row towards 0 at its last, and {@code σ(x) = 2 / (1 + e^(5x)) - 1} is NAB's scaled sigmoid: the
 * earliest detection scores 1 and only a window's best detection counts. Outside the windows a detection costs
 * {@code σ(d)} (negative) where {@code d} is its distance in rows from the last row of the previous window divided by
 * that window's rows less one, and {@code σ} is -1 beyond {@code d = 3}; before the first window it costs -1. A window
 * without any detection costs 1; a window wholly inside the probationary period is not counted, as in NAB. The profile weighs windows found ({@code tp}), windows missed ({@code fn}) and false
 * detections ({@code fp}). One threshold per profile, over all files, is chosen to maximise the sum; the null detector
 * (no detection) scores {@code -fn × windows}, the perfect one {@code tp × windows}.
 */
public final class NabScorer {
    private final NabCorpus corpus;
    /** Per series, per row: the global index of the window holding the row, or -1. */
    private final List<int[]> windowOf = new ArrayList<>();
    /** Per series, per row: the row's unweighted value (a window row's relative to the earliest, σ(-1) = 1). */
    private final List<double[]> unweighted = new ArrayList<>();
    private final int windowCount;

    public NabScorer(NabCorpus corpus) {
        this.corpus = corpus;
        int windowBase = 0;
        double earliest = scaledSigmoid(-1.0);
        for (NabSeries series : corpus.series()) {
            int n = series.size();
            int[] window = new int[n];
            double[] value = new double[n];
            Arrays.fill(window, -1);
            int[] first = new int[series.windows().size()];
            int[] last = new int[series.windows().size()];
            // NAB counts only windows with a scorable row: one wholly in the probationary period is neither found nor missed
            int[] index = new int[series.windows().size()];
            int scorable = 0;
            for (int w = 0; w < first.length; w++) {
                int[] rows = NabCorpus.rows(series.micros(), series.windows().get(w));
                first[w] = rows[0];
                last[w] = rows[1];
                index[w] = last[w] >= series.probationaryLength() ? windowBase + scorable++ : -1;
            }
            int next = 0;
            int previous = -1;
            for (int i = 0; i < n; i++) {
                while (next < first.length && i > last[next]) {
                    previous = next++;
                }
                if (next < first.length && i >= first[next]) {
                    int width = last[next] - first[next] + 1;
                    window[i] = index[next];
                    value[i] = scaledSigmoid(-(double) (last[next] - i + 1) / width) / earliest;
                } else if (previous < 0) {
                    value[i] = -1.0;
                } else {
                    int width = last[previous] - first[previous] + 1;
                    value[i] = scaledSigmoid((double) (i - last[previous]) / Math.max(1, width - 1));
                }
            }
            windowOf.add(window);
            unweighted.add(value);
            windowBase += scorable;
        }
        this.windowCount = windowBase;
    }

    /** NAB's scaled sigmoid: 2 / (1 + e^(5x)) - 1, and -1 beyond x = 3. */
    static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    public int windowCount() {
        return windowCount;
    }

    /** Every profile of the corpus, in its order. */
    public Map<String, NabScore> scoreAll(Map<String, double[]> scores) {
        Map<String, NabScore> result = new LinkedHashMap<>();
        for (NabProfile profile : corpus.profiles()) {
            result.put(profile.name(), score(scores, profile));
        }
        return result;
    }

    /**
     * Scores a detector's per-row anomaly scores (keyed by data file name, one per row of that file) on one profile.
     *
     * @throws IllegalArgumentException when a file's scores are missing, of the wrong length or not numbers
     */
    public NabScore score(Map<String, double[]> scores, NabProfile profile) {
        int total = 0;
        for (NabSeries series : corpus.series()) {
            double[] one = scores.get(series.name());
            if (one == null || one.length != series.size()) {
                throw new IllegalArgumentException("scores for " + series.name() + ": "
                        + (one == null ? "missing" : one.length + " rows, the file has " + series.size()));
            }
            total += series.size() - series.probationaryLength();
        }
        double[] score = new double[total];
        int[] window = new int[total];
        double[] value = new double[total];
        int k = 0;
        for (int s = 0; s < corpus.series().size(); s++) {
            NabSeries series = corpus.series().get(s);
            double[] one = scores.get(series.name());
            for (int i = series.probationaryLength(); i < series.size(); i++, k++) {
                if (Double.isNaN(one[i])) {
                    throw new IllegalArgumentException("score of row " + (i + 1) + " of " + series.name() + " is NaN");
                }
                score[k] = one[i];
                window[k] = windowOf.get(s)[i];
                value[k] = unweighted.get(s)[i];
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));

        double nullScore = -profile.fnWeight() * windowCount;
        double perfectScore = profile.tpWeight() * windowCount;
        double[] best = new double[windowCount];
        Arrays.fill(best, Double.NaN);
        double current = nullScore;
        double bestTotal = nullScore;
        double bestThreshold = Double.POSITIVE_INFINITY;
        int i = 0;
        while (i < total) {
            double threshold = score[order[i]];
            while (i < total && score[order[i]] == threshold) {
                int row = order[i++];
                int w = window[row];
                if (w < 0) {
                    current += profile.fpWeight() * value[row];
                } else if (Double.isNaN(best[w])) {
                    current += profile.fnWeight() + profile.tpWeight() * value[row];
                    best[w] = value[row];
                } else if (value[row] > best[w]) {
                    current += profile.tpWeight() * (value[row] - best[w]);
                    best[w] = value[row];
                }
            }
            if (current > bestTotal) {
                bestTotal = current;
                bestThreshold = threshold;
            }
        }
        double normalized = 100.0 * (bestTotal - nullScore) / (perfectScore - nullScore);
        return new NabScore(profile.name(), bestThreshold, bestTotal, nullScore, perfectScore, normalized);
    }
}
