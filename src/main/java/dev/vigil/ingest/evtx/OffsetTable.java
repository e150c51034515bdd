package dev.vigil.ingest.evtx;

import java.util.Arrays;

/**
 * A map from chunk offsets (non-negative ints) to objects, open addressing with linear probing: a chunk's names and
 * templates are looked up by offset for every record, and a {@code HashMap<Integer, …>} boxed each offset.
 */
final class OffsetTable<T> {
    private static final int FREE = -1;

    private int[] keys = newKeys(16);
    private Object[] values = new Object[16];
    private int size;

    private static int[] newKeys(int capacity) {
        int[] keys = new int[capacity];
        Arrays.fill(keys, FREE);
        return keys;
    }

    @SuppressWarnings("unchecked")
    T get(int offset) {
        int mask = keys.length - 1;
        for (int i = mix(offset) & mask; ; i = (i + 1) & mask) {
            int key = keys[i];
            if (key == offset) {
                return (T) values[i];
            }
            if (key == FREE) {
                return null;
            }
        }
    }

    /** Adds or replaces; {@code offset} must not be negative. */
    void put(int offset, T value) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(offset) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == offset) {
                values[i] = value;
                return;
            }
            if (keys[i] == FREE) {
                keys[i] = offset;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = newKeys(oldKeys.length * 2);
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != FREE) {
                int i = mix(oldKeys[j]) & mask;
                while (keys[i] != FREE) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int mix(int offset) {
        return (offset * 0x9E3779B9) >>> 16;
    }
}
