package dev.vigil.anomaly.rate;

/**
 * How one entity's series is scored. The defaults ({@link #DEFAULT}) are the configuration chosen by measurement on
 * NAB (docs/anomaly-rates.md); the other fields exist so that the alternatives measured there can be run again.
 *
 * @param raw            what gives the raw score of a point
 * @param shingleSize    consecutive values the forest sees as one point
 * @param trees          trees in the forest
 * @param sampleSize     points each tree keeps
 * @param robustWindow   values in the median/MAD window (the explanation's "normal", and the robust raw score)
 * @param likelihood     whether raw scores are turned into anomaly likelihoods (else squashed into [0, 1])
 * @param historySize    raw scores that make up the likelihood's "usual"
 * @param recentSize     raw scores averaged for the likelihood's "now"
 * @param tailFloor      the tail probability that scores 1: the likelihood's score is {@code log(tail) / log(tailFloor)}
 * @param warmUp         values seen before a series is scored at all (its score is 0 until then)
 * @param quiet          how many earlier scores a score must exceed not to be damped, so that one episode raises
 *                       one alert; 0 turns this off
 * @param quietFactor    what a damped score is multiplied by
 * @param spatial        when above 0, a value beyond the entity's range so far by more than this fraction of the
 *                       range scores 1 (after the warm-up)
 * @param seed           the forest's random seed
 */
public record RateModelConfig(Raw raw, int shingleSize, int trees, int sampleSize, int robustWindow, boolean likelihood,
                              int historySize, int recentSize, double tailFloor, int warmUp, int quiet, double quietFactor,
                              double spatial, long seed) {

    /** What gives the raw score of a point. */
    public enum Raw {
        /** Random Cut Forest's anomaly score of the shingled point. */
        FOREST,
        /** |value − median| / (1.4826 × MAD) over the robust window. */
        ROBUST_LEVEL,
        /** The same on the differences of consecutive values. */
        ROBUST_DIFFERENCE,
        /** The forest's score plus log(1 + the robust level score). */
        FOREST_AND_ROBUST
    }

    public static final RateModelConfig DEFAULT =
            new RateModelConfig(Raw.FOREST, 8, 50, 256, 128, true, 8000, 1, 1e-5, 150, 50, 0.5, 0.05, 42);

    public RateModelConfig {
        if (shingleSize < 1 || trees < 1 || sampleSize < 16 || robustWindow < 3 || historySize < 2 || recentSize < 1
                || !(tailFloor > 0 && tailFloor < 0.5) || warmUp < 0 || quiet < 0 || !(quietFactor >= 0 && quietFactor <= 1) || !(spatial >= 0 && spatial <= 10)) {
            throw new IllegalArgumentException("rate model configuration out of range: " + this);
        }
    }

    public RateModelConfig withTailFloor(double value) {
        return new RateModelConfig(raw, shingleSize, trees, sampleSize, robustWindow, likelihood, historySize,
                recentSize, value, warmUp, quiet, quietFactor, spatial, seed);
    }

    public RateModelConfig withRaw(Raw value) {
        return new RateModelConfig(value, shingleSize, trees, sampleSize, robustWindow, likelihood, historySize,
                recentSize, tailFloor, warmUp, quiet, quietFactor, spatial, seed);
    }
}
