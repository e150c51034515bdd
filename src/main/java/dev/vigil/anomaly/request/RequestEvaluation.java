package dev.vigil.anomaly.request;

import dev.vigil.anomaly.Roc;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Learns a request model from normal training requests and measures it on labelled requests.
 *
 * <p>The alert threshold for F1 comes from normal training data only: the training requests are split into
 * {@value #FOLDS} folds by position, each fold is scored by a model learned from the other folds, and the threshold
 * is the lowest score that flags at most {@link #TARGET_FALSE_POSITIVE_RATE} of those cross-scored requests. No
 * labelled test request takes part in choosing anything.
 */
public final class RequestEvaluation {
    public static final int FOLDS = 5;
    public static final double TARGET_FALSE_POSITIVE_RATE = 0.01;

    private final Scoring scoring;
    private final RequestModelLimits limits;

    public RequestEvaluation(Scoring scoring, RequestModelLimits limits) {
        this.scoring = requireNonNull(scoring, "scoring is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** The figures of one evaluation. */
    public record Result(int training, int normal, int anomalous, double auc, double detectionAt1, double detectionAt5,
                         double threshold, double falsePositiveRate, double f1) {
    }

    public RequestModel learn(List<WebRequest> training) {
        RequestModel model = new RequestModel(scoring, limits);
        training.forEach(model::learn);
        return model;
    }

    /** The threshold that flags {@link #TARGET_FALSE_POSITIVE_RATE} of the training requests, cross-scored. */
    public double threshold(List<WebRequest> training) {
        double[] scores = new double[training.size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            RequestModel model = new RequestModel(scoring, limits);
            for (int index = 0; index < training.size(); index++) {
                if (index % FOLDS != fold) {
                    model.learn(training.get(index));
                }
            }
            for (int index = fold; index < training.size(); index += FOLDS) {
                scores[index] = model.score(training.get(index));
            }
        }
        Arrays.sort(scores);
        return Roc.thresholdAt(scores, TARGET_FALSE_POSITIVE_RATE);
    }

    public Result evaluate(List<WebRequest> training, List<WebRequest> normal, List<WebRequest> anomalous) {
        if (training.isEmpty() || normal.isEmpty() || anomalous.isEmpty()) {
            throw new IllegalArgumentException("need training, normal and anomalous requests (" + training.size()
                    + ", " + normal.size() + ", " + anomalous.size() + ")");
        }
        RequestModel model = learn(training);
        double threshold = threshold(training);
        Roc roc = new Roc(scores(model, normal), scores(model, anomalous));
        return new Result(training.size(), normal.size(), anomalous.size(), roc.auc(), roc.detectionRateAt(0.01),
                roc.detectionRateAt(0.05), threshold, roc.falsePositiveRate(threshold), roc.f1(threshold));
    }

    public static double[] scores(RequestModel model, List<WebRequest> requests) {
        double[] scores = new double[requests.size()];
        for (int index = 0; index < requests.size(); index++) {
            scores[index] = model.score(requests.get(index));
        }
        return scores;
    }
}
