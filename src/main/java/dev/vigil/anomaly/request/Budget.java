package dev.vigil.anomaly.request;

import dev.vigil.anomaly.Limits;

import java.util.Set;

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

    /**
     * Adds an item to a capped set: false when the set's cap or the model's budget refused it (counted), after which
     * the caller treats the set as open (it can no longer tell new from forgotten).
     */
    <T> boolean add(Set<T> set, T item, int cap, String capName) {
        if (set.size() >= cap) {
            hits.hit(capName);
            return false;
        }
        if (!take()) {
            return false;
        }
        set.add(item);
        return true;
    }

    long storedItems() {
        return storedItems;
    }
}
