package dev.vigil.anomaly;

import java.util.Arrays;

/**
 * Detection quality of a score from the scores of known-normal and known-anomalous items: area under the ROC curve,
 * detection rate at a false-positive rate, and precision, recall and F1 at a threshold. Higher scores mean more
 * anomalous; an item is flagged when its score is strictly above the threshold.
 */
public final class Roc {
    private final double[] normal;
    private final double[] anomalous;

    public Roc(double[] normal, double[] anomalous) {
        if (normal.length == 0 || anomalous.length == 0) {
            throw new IllegalArgumentException("need normal and anomalous scores (" + normal.length + " and "
                    + anomalous.length + ")");
        }
        this.normal = normal.clone();
        this.anomalous = anomalous.clone();
        Arrays.sort(this.normal);
        Arrays.sort(this.anomalous);
    }

    /** The chance that an anomalous item scores above a normal one, ties counting half (Mann-Whitney U / n m). */
    public double auc() {
        double wins = 0;
        int below = 0;
        int notAbove = 0;
        for (double score : anomalous) {
            while (below < normal.length && normal[below] < score) {
                below++;
            }
            while (notAbove < normal.length && normal[notAbove] <= score) {
                notAbove++;
            }
            wins += below + (notAbove - below) / 2.0;
        }
        return wins / ((double) normal.length * anomalous.length);
    }

    /**
     * The lowest threshold that flags at most {@code rate} of the normal items; when ties make that impossible at a
     * score, the threshold rises to the tied score itself.
     */
    public static double thresholdAt(double[] sortedNormal, double rate) {
        int allowed = (int) Math.floor(rate * sortedNormal.length);
        int index = sortedNormal.length - 1 - allowed;
        return index < 0 ? Double.NEGATIVE_INFINITY : sortedNormal[index];
    }

    /** The share of anomalous items flagged at the threshold that flags at most {@code rate} of the normal ones. */
    public double detectionRateAt(double falsePositiveRate) {
        return flaggedShare(anomalous, thresholdAt(normal, falsePositiveRate));
    }

    /** The share of normal items flagged at this threshold. */
    public double falsePositiveRate(double threshold) {
        return flaggedShare(normal, threshold);
    }

    public double f1(double threshold) {
        double truePositives = flaggedShare(anomalous, threshold) * anomalous.length;
        double falsePositives = flaggedShare(normal, threshold) * normal.length;
        double falseNegatives = anomalous.length - truePositives;
        return truePositives == 0 ? 0 : 2 * truePositives / (2 * truePositives + falsePositives + falseNegatives);
    }

    private static double flaggedShare(double[] sorted, double threshold) {
        int index = Arrays.binarySearch(sorted, threshold);
        int notAbove;
        if (index < 0) {
            notAbove = -index - 1;
        } else {
            notAbove = index;
            while (notAbove < sorted.length && sorted[notAbove] <= threshold) {
                notAbove++;
            }
        }
        return (double) (sorted.length - notAbove) / sorted.length;
    }
}
