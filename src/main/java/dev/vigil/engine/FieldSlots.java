package dev.vigil.engine;

import dev.vigil.rules.mapping.FieldSource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Sigma field names that the views of one route (or the router's probes of one shape) resolve, each numbered
 * once with how it resolves (the route's alias, else the shape's {@link CanonicalNames.Plan}), so that a view keeps
 * its resolved fields in an array by number instead of a map per event. Shared by threads; numbers are never reused.
 */
final class FieldSlots {
    /** Names numbered at most; beyond, a view keeps the others in a map of its own. */
    static final int MAX_SLOTS = 10_000;

    private final CanonicalNames names;
    private final Map<String, FieldSource> aliases;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** The prefilter whose scanned fields hold the first numbers, by their index; {@code null} for none. */
    private final Prefilter scanned;
    /** The slots of {@code scanned}'s fields, by index. */
    private final Slot[] scannedSlots;

    /** A field's number and how it resolves: through {@code alias} when not {@code null}, else by {@code plan}. */
    record Slot(int index, FieldSource alias, CanonicalNames.Plan plan) {
    }

    /** {@code names} may be {@code null} (events without a shape). */
    FieldSlots(CanonicalNames names, Map<String, FieldSource> aliases) {
        this(names, aliases, null);
    }

    /**
     * Fields numbered first by the scanned fields of {@code scanned} (field {@code i} of {@link Prefilter#scannedFields}
     * is slot {@code i}), so that the prefilter finds them by index; {@code scanned} may be {@code null}.
     */
    FieldSlots(CanonicalNames names, Map<String, FieldSource> aliases, Prefilter scanned) {
        this.names = names;
        this.aliases = aliases;
        String[] fields = scanned == null ? new String[0] : scanned.scannedFields();
        Slot[] numbered = new Slot[fields.length];
        boolean all = fields.length <= MAX_SLOTS;
        for (int i = 0; i < fields.length && all; i++) {
            numbered[i] = number(fields[i]);
            all = numbered[i].index() == i; // scanned field names are distinct
        }
        this.scanned = all ? scanned : null;
        this.scannedSlots = numbered;
    }

    /** Whether slot {@code i} is {@code prefilter}'s scanned field {@code i}. */
    boolean numbers(Prefilter prefilter) {
        return prefilter == scanned;
    }

    /** The slot of scanned field {@code index} of the prefilter this numbers ({@link #numbers}). */
    Slot scannedSlot(int index) {
        return scannedSlots[index];
    }

    CanonicalNames names() {
        return names;
    }

    Map<String, FieldSource> aliases() {
        return aliases;
    }

    /** How many names are numbered now. */
    int size() {
        return slots.size();
    }

    /** The slot of a field, numbered on first use; {@code null} beyond {@link #MAX_SLOTS}. */
    Slot slot(String field) {
        Slot slot = slots.get(field);
        if (slot == null) {
            slot = number(field);
        }
        return slot;
    }

    private synchronized Slot number(String field) {
        Slot slot = slots.get(field);
        if (slot == null && slots.size() < MAX_SLOTS) {
            FieldSource alias = aliases.get(field);
            slot = new Slot(slots.size(), alias, alias != null || names == null ? null : names.plan(field));
            slots.put(field, slot);
        }
        return slot;
    }
}
