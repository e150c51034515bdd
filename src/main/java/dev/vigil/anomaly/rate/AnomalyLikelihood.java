package dev.vigil.anomaly.rate;

/**
 * Turns a stream of raw anomaly scores into how unlikely the recent ones are, after the anomaly-likelihood idea of
 * Ahmad, Lavin, Purdy and Agha ("Unsupervised real-time anomaly detection for streaming data", Neurocomputing 2017):
 * the raw scores of a long trailing window are taken as normally distributed; the mean of the last few raw scores is
 * compared with that distribution; the output is its upper tail probability on a log scale, so that 0 means usual and
 * 1 means a tail probability of the configured floor or less. This puts every series' scores on one scale (one threshold fits all)
 * and rewards a sustained change over a single noisy point.
 */
final class AnomalyLikelihood {
    private static final double MIN_STD = 1e-3;

    private final double[] history;
    private final double[] recent;
    private final int learning;
    private final double logFloor;
    private long count;
    private double sum;
    private double sumSquares;
    private double recentSum;

    /**
     * @param historySize raw scores that make up "usual"
     * @param recentSize  raw scores averaged for "now"
     * @param learning    raw scores seen before any likelihood is given (0 until then)
     * @param tailFloor   the tail probability that scores 1
     */
    AnomalyLikelihood(int historySize, int recentSize, int learning, double tailFloor) {
        this.logFloor = Math.log(tailFloor);
        this.history = new double[historySize];
        this.recent = new double[recentSize];
        this.learning = learning;
    }

    /** Adds a raw score; returns the log-scaled likelihood of the recent scores in [0, 1]. */
    double update(double raw) {
        double usualMean = 0;
        double usualStd = 0;
        int n = (int) Math.min(count, history.length);
        if (n > 0) {
            usualMean = sum / n;
            usualStd = Math.sqrt(Math.max(0, sumSquares / n - usualMean * usualMean));
        }
        int r = (int) (count % recent.length);
        recentSum += raw - recent[r];
        recent[r] = raw;
        int h = (int) (count % history.length);
        if (count >= history.length) {
            sum -= history[h];
            sumSquares -= history[h] * history[h];
        }
        history[h] = raw;
        sum += raw;
        sumSquares += raw * raw;
        count++;
        if (count <= learning || n == 0) {
            return 0;
        }
        double now = recentSum / Math.min(count, recent.length);
        double z = (now - usualMean) / Math.max(usualStd, MIN_STD);
        return Math.min(1.0, logTail(z) / logFloor);
    }

    /** The natural log of the standard normal upper tail at {@code z}, by its asymptotic series far out. */
    static double logTail(double z) {
        if (z < 5) {
            return Math.log(0.5 * Erf.erfc(z / Math.sqrt(2)));
        }
        double inverse = 1 / (z * z);
        return -z * z / 2 - Math.log(z) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-inverse + 3 * inverse * inverse);
    }

    /** The mean and the standard deviation of the usual raw scores, for explanations. */
    double usualMean() {
        int n = (int) Math.min(count, history.length);
        return n == 0 ? 0 : sum / n;
    }

    long count() {
        return count;
    }

    double[] history() {
        return history;
    }

    double[] recent() {
        return recent;
    }

    /** Restores the windows and counters saved from {@link #history()}, {@link #recent()} and {@link #count()}. */
    void restore(double[] savedHistory, double[] savedRecent, long savedCount) {
        System.arraycopy(savedHistory, 0, history, 0, history.length);
        System.arraycopy(savedRecent, 0, recent, 0, recent.length);
        count = savedCount;
        sum = 0;
        sumSquares = 0;
        for (int i = 0; i < Math.min(count, history.length); i++) {
            sum += history[i];
            sumSquares += history[i] * history[i];
        }
        recentSum = 0;
        for (int i = 0; i < Math.min(count, recent.length); i++) {
            recentSum += recent[i];
        }
    }
}
