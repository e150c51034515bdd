package dev.vigil.anomaly;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts how often each memory cap of a model was hit while learning, so that a bounded model says where it stopped
 * remembering instead of growing or forgetting silently. Not thread-safe: one per learner.
 */
public final class Limits {
    private final Map<String, Long> hits = new TreeMap<>();

    public void hit(String cap) {
        hits.merge(cap, 1L, Long::sum);
    }

    /** Cap name to the number of times it refused something, in name order. */
    public Map<String, Long> hits() {
        return Map.copyOf(hits);
    }

    public void addAll(Map<String, Long> counts) {
        counts.forEach((cap, count) -> hits.merge(cap, count, Long::sum));
    }
}
