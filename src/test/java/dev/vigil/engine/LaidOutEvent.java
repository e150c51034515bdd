package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Another event with a layout ({@link Event#layoutKey}): its names in their order are the positions, under a key the
 * test gives (by default the list of names, so that events with the same names share it as equal keys), or
 * without a layout ({@link #byName}), so that {@link EventView} resolves it by name as before layouts.
 */
final class LaidOutEvent implements Event {
    private final Event inner;
    private final Object key;
    private final List<String> names = new ArrayList<>();

    private LaidOutEvent(Event inner, Object key, boolean laidOut) {
        this.inner = inner;
        inner.forEachName(names::add);
        this.key = laidOut ? (key != null ? key : List.copyOf(names)) : null;
    }

    /** The event's names as its layout, keyed by the list of names. */
    static LaidOutEvent of(Event inner) {
        return new LaidOutEvent(inner, null, true);
    }

    /** The event's names as its layout, under this key. */
    static LaidOutEvent of(Event inner, Object key) {
        return new LaidOutEvent(inner, key, true);
    }

    /** The event without a layout (the default of {@link Event}), even when {@code inner} has one. */
    static LaidOutEvent byName(Event inner) {
        return new LaidOutEvent(inner, null, false);
    }

    /** How often a value was read by position. */
    int positionalReads;

    @Override
    public Object layoutKey() {
        return key;
    }

    @Override
    public int position(String name) {
        return key == null ? -1 : names.indexOf(name);
    }

    @Override
    public Value get(int position) {
        positionalReads++;
        return inner.get(names.get(position));
    }

    @Override
    public Value get(String name) {
        return inner.get(name);
    }

    @Override
    public void forEachField(BiConsumer<String, Value> visitor) {
        inner.forEachField(visitor);
    }

    @Override
    public void forEachName(Consumer<String> visitor) {
        inner.forEachName(visitor);
    }

    @Override
    public boolean mayNameHoldSpace() {
        return inner.mayNameHoldSpace();
    }

    @Override
    public Instant timestamp() {
        return inner.timestamp();
    }

    @Override
    public Origin origin() {
        return inner.origin();
    }

    @Override
    public String rawText() {
        return inner.rawText();
    }
}
