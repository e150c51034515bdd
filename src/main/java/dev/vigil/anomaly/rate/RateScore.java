package dev.vigil.anomaly.rate;

import java.time.Instant;
import java.util.Locale;

/**
 * The rate model's verdict on one value of one entity's series.
 *
 * @param entity    the series, such as {@code requests c-ip=203.0.113.7}
 * @param time      the value's time (a bucket's start)
 * @param value     the value scored
 * @param score     in [0, 1]; 0 during the warm-up and for the usual, near 1 for what is very unlikely
 * @param usual     the median of the entity's recent values: what was normal
 * @param spread    their median absolute deviation
 * @param deviation how far off the value was, in robust standard deviations (1.4826 × MAD) from {@code usual}
 * @param beyondRange whether the value lay beyond every value seen before by more than the spatial tolerance
 * @param seen      values of this entity scored so far, this one included
 */
public record RateScore(String entity, Instant time, double value, double score, double usual, double spread,
                        double deviation, boolean beyondRange, long seen) {

    /** One line a responder can act on. */
    public String explanation() {
        if (seen <= 1) {
            return String.format(Locale.ROOT, "%s: first value %s, nothing learned yet", entity, number(value));
        }
        return String.format(Locale.ROOT, "%s: %s at %s, usually %s (± %s); %.1f robust deviations %s%s, anomaly score"
                        + " %.2f after %d values", entity, number(value), time, number(usual), number(spread),
                Math.abs(deviation), deviation >= 0 ? "above" : "below", beyondRange ? ", outside all seen before" : "",
                score, seen);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
