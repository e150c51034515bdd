package dev.vigil.ingest.evtx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field names of a {@link Layout} in order, with each name's position, shared by every layout that has the same
 * names in the same order (one per chunk and template, the same across chunks), so that the one instance is the
 * layout key of its events ({@link EvtxEvent#layoutKey}) and a consumer can remember, per instance, where a name
 * lies instead of looking it up by name in every event.
 */
final class FieldNames {
    /** Distinct name lists kept at most; when full, the table is emptied (adversarial input cannot grow it). */
    static final int MAX_INTERNED = 4096;
    /**
     * Characters of all names of a list at most for it to be shared: a longer list (names decoded from values, as a
     * crafted or carved record may have) is its layout's alone and is no layout key ({@link #shared}), so that the
     * shared lists and the tables consumers keep by key hold at most about 4096 times this much.
     */
    static final int MAX_SHARED_CHARS = 4096;

    private static final Map<List<String>, FieldNames> INTERNED = new ConcurrentHashMap<>();

    final String[] names;
    private final Map<String, Integer> index;
    /** Whether some name holds a space (see {@link dev.vigil.event.Event#mayNameHoldSpace}). */
    final boolean anySpace;
    /** The position of {@code TimeCreated_SystemTime} (the event's timestamp), or -1. */
    final int timeCreated;
    /** Whether this list is shared (and so the layout key of its events): see {@link #MAX_SHARED_CHARS}. */
    final boolean shared;

    private FieldNames(String[] names, boolean shared) {
        this.names = names;
        this.shared = shared;
        this.index = new HashMap<>(names.length * 2);
        boolean space = false;
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
            space |= names[i].indexOf(' ') >= 0;
        }
        this.anySpace = space;
        this.timeCreated = indexOf("TimeCreated_SystemTime");
    }

    /** The shared instance for these names (distinct, in order); the caller must not write to the array later. */
    static FieldNames of(String[] names) {
        long chars = 0;
        for (String name : names) {
            chars += name.length();
        }
        if (chars > MAX_SHARED_CHARS) {
            return new FieldNames(names, false);
        }
        List<String> key = Arrays.asList(names);
        FieldNames known = INTERNED.get(key);
        if (known == null) {
            if (INTERNED.size() >= MAX_INTERNED) {
                INTERNED.clear();
            }
            FieldNames made = new FieldNames(names, true);
            known = INTERNED.putIfAbsent(List.of(names), made);
            if (known == null) {
                known = made;
            }
        }
        return known;
    }

    /** How many name lists are shared now (for tests of the bound). */
    static int interned() {
        return INTERNED.size();
    }

    /** The field's position, or -1. */
    int indexOf(String name) {
        Integer position = index.get(name);
        return position == null ? -1 : position;
    }
}
