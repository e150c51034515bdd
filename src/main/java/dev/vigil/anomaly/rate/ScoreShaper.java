package dev.vigil.anomaly.rate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * From raw scores to the detector's score in [0, 1]: the anomaly likelihood (or a plain squashing of the raw score),
 * raised to 1 for a value beyond the range seen so far by more than the spatial tolerance, nothing during the warm-up, and a quiet period in which a score no higher than one of the last {@code quiet}
 * scores is damped, so that one episode makes one alert rather than one per point.
 */
final class ScoreShaper {
    private final RateModelConfig config;
    private final AnomalyLikelihood likelihood;
    private final double[] recentScores;
    private long seen;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean beyondRange;

    ScoreShaper(RateModelConfig config) {
        this.config = config;
        this.likelihood = new AnomalyLikelihood(config.historySize(), config.recentSize(), 0, config.tailFloor());
        this.recentScores = new double[Math.max(1, config.quiet())];
    }

    /** Whether the last value was beyond the range seen before it by more than the spatial tolerance. */
    boolean beyondRange() {
        return beyondRange;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeLong(seen);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeLong(likelihood.count());
        RateState.writeDoubles(out, likelihood.history());
        RateState.writeDoubles(out, likelihood.recent());
        RateState.writeDoubles(out, recentScores);
    }

    void load(DataInputStream in, String what) throws IOException {
        seen = RateState.readLong(in, what + " shaper seen");
        min = in.readDouble();
        max = in.readDouble();
        if (seen > 0 && !(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
            throw new RateStateException(what + " range [" + min + ", " + max + "] is not a range");
        }
        long count = RateState.readLong(in, what + " likelihood count");
        double[] history = RateState.readDoubles(in, what + " likelihood history", likelihood.history().length,
                likelihood.history().length);
        double[] recent = RateState.readDoubles(in, what + " likelihood recent", likelihood.recent().length,
                likelihood.recent().length);
        double[] scores = RateState.readDoubles(in, what + " recent scores", recentScores.length, recentScores.length);
        likelihood.restore(history, recent, count);
        System.arraycopy(scores, 0, recentScores, 0, scores.length);
    }

    /** The score of {@code value}, whose raw score is {@code raw}. */
    double shape(double raw, double value) {
        seen++;
        double score = config.likelihood() ? likelihood.update(raw) : raw / (1.0 + raw);
        beyondRange = false;
        if (config.spatial() > 0 && seen > 1) {
            double tolerance = config.spatial() * (max - min);
            if (value > max + tolerance || value < min - tolerance) {
                score = 1.0;
                beyondRange = true;
            }
        }
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (seen <= config.warmUp()) {
            score = 0;
        }
        if (config.quiet() > 0) {
            double before = 0;
            for (double earlier : recentScores) {
                before = Math.max(before, earlier);
            }
            recentScores[(int) (seen % recentScores.length)] = score;
            if (score <= before) {
                score *= config.quietFactor();
            }
        }
        return score;
    }
}
