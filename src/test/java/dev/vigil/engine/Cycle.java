package dev.vigil.engine;

import java.util.List;

/**
 * The items of a benchmark's sample, one per call, starting over at the end: each benchmark operation takes the
 * next real input, so the JIT cannot specialise on one value. Not thread-safe; each JMH thread state holds its own.
 */
final class Cycle<T> {
    private final List<T> items;
    private int next;

    Cycle(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no input for the benchmark: the shared corpus gave no items");
        }
        this.items = List.copyOf(items);
    }

    T next() {
        T item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return item;
    }

    int size() {
        return items.size();
    }
}
