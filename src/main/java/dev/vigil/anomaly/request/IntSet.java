package dev.vigil.anomaly.request;

import java.util.Arrays;

/** A set of non-negative ints by open addressing (linear probing), for n-gram codes: no boxing on the hot path. */
final class IntSet {
    private static final int EMPTY = -1;
    private int[] slots;
    private int size;

    IntSet() {
        slots = new int[16];
        Arrays.fill(slots, EMPTY);
    }

    int size() {
        return size;
    }

    boolean contains(int value) {
        int mask = slots.length - 1;
        for (int index = mix(value) & mask; ; index = (index + 1) & mask) {
            int slot = slots[index];
            if (slot == value) {
                return true;
            }
            if (slot == EMPTY) {
                return false;
            }
        }
    }

    /** Adds a value (which must be at least 0); true when it was not there. */
    boolean add(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int index = mix(value) & mask; ; index = (index + 1) & mask) {
            int slot = slots[index];
            if (slot == value) {
                return false;
            }
            if (slot == EMPTY) {
                slots[index] = value;
                size++;
                return true;
            }
        }
    }

    /** The values in ascending order. */
    int[] toSortedArray() {
        int[] values = new int[size];
        int count = 0;
        for (int slot : slots) {
            if (slot != EMPTY) {
                values[count++] = slot;
            }
        }
        Arrays.sort(values);
        return values;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        Arrays.fill(slots, EMPTY);
        size = 0;
        for (int value : old) {
            if (value != EMPTY) {
                add(value);
            }
        }
    }

    private static int mix(int value) {
        int hash = value * 0x9E3779B9;
        return hash ^ (hash >>> 16);
    }
}
