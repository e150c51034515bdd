package dev.vigil.anomaly.request;

import dev.vigil.anomaly.Limits;

import static java.util.Objects.requireNonNull;

/** The caps in force while learning, the model-wide budget of stored items, and the count of caps hit. */
final class Budget {
    final RequestModelLimits limits;
    final Limits hits;
    private long storedItems;
    private final long maxStoredItems;

    Budget(RequestModelLimits limits, Limits hits, long storedItems, long maxStoredItems) {
        this.limits = requireNonNull(limits, "limits is null");
        this.hits = requireNonNull(hits, "hits is null");
        this.storedItems = storedItems;
        this.maxStoredItems = maxStoredItems;
    }

    /** Takes room for one more stored value, shape or 3-gram; false (and counted) when the model is full. */
    boolean take() {
        if (storedItems >= maxStoredItems) {
            hits.hit("stored_items");
            return false;
        }
        storedItems++;
        return true;
    }

    long storedItems() {
        return storedItems;
    }
}
