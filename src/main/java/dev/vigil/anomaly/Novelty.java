package dev.vigil.anomaly;

/**
 * How surprising something never seen before is, given how often novelty happened while learning.
 *
 * <p>Design: the chance that the next observation is new is estimated as the escape probability of PPM's method C
 * (Moffat 1990), {@code distinct / (total + distinct)}: a slot that took 3 values in 1,000 observations makes a new
 * value very unlikely, one that took 900 makes it ordinary. The surprise of a novelty is the log-odds against it,
 * {@code ln((1 - p) / p)}, floored at 0, so that novelty in a slot where it is the rule (names, free text) adds
 * nothing, while novelty in a slot where it never happens adds the most. Kruegel and Vigna (2003) decide "enumeration
 * or not" with a threshold on the same growth; the log-odds makes that decision graded instead of binary.
 */
public final class Novelty {
    private Novelty() {
    }

    /** The surprise of a new item after {@code total} observations of {@code distinct} different items. */
    public static double surprise(long distinct, long total) {
        if (total <= 0) {
            return 0;
        }
        double p = (double) Math.max(distinct, 1) / (total + Math.max(distinct, 1));
        return Math.max(0, Math.log((1 - p) / p));
    }

    /** The surprise of an event that happened {@code count} times out of {@code total} (add-one smoothed). */
    public static double rarity(long count, long total) {
        if (total <= 0) {
            return 0;
        }
        double p = (Math.min(Math.max(count, 0), total) + 1.0) / (total + 2.0);
        return Math.max(0, Math.log((1 - p) / p));
    }
}
