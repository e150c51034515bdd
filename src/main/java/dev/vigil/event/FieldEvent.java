package dev.vigil.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/** An {@link Event} whose fields are all decoded up front, kept in source order. */
public final class FieldEvent implements Event {
    private final Map<String, Value> fields;
    private final Instant timestamp;
    private final Origin origin;
    private final String rawText;
    private final RawForm rawForm;

    private FieldEvent(Map<String, Value> fields, Instant timestamp, Origin origin, String rawText, RawForm rawForm) {
        this.fields = fields;
        this.timestamp = timestamp;
        this.origin = requireNonNull(origin, "origin is null");
        this.rawText = rawText;
        this.rawForm = rawText == null ? RawForm.OPAQUE : rawForm;
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /**
     * The event with every field decoded, holding nothing of its reader's buffers: for events kept after reading
     * goes on (detections), so that a lazily decoded event does not pin, say, the 64 KiB EVTX chunk it came from.
     */
    public static FieldEvent copyOf(Event event) {
        if (event instanceof FieldEvent fieldEvent) {
            return fieldEvent;
        }
        Builder builder = new Builder(event.origin()).timestamp(event.timestamp())
                .rawText(event.rawText(), event.rawForm());
        event.forEachField((name, value) -> builder.put(name, detached(value)));
        return builder.build();
    }

    /** A value that holds no reader buffer: a text still encoded in its line's bytes is decoded. */
    private static Value detached(Value value) {
        if (value instanceof Value.Text.Encoded encoded) {
            return Value.text(encoded.text());
        }
        if (value instanceof Value.Array array) {
            boolean encoded = false;
            for (Value item : array.items()) {
                encoded |= item instanceof Value.Text.Encoded || item instanceof Value.Array;
            }
            if (encoded) {
                List<Value> items = new ArrayList<>(array.items().size());
                for (Value item : array.items()) {
                    items.add(detached(item));
                }
                return new Value.Array(items);
            }
        }
        return value;
    }

    @Override
    public Value get(String name) {
        return fields.get(name);
    }

    @Override
    public void forEachField(BiConsumer<String, Value> visitor) {
        fields.forEach(visitor);
    }

    @Override
    public void forEachName(Consumer<String> visitor) {
        fields.keySet().forEach(visitor);
    }

    /** The fields as an unmodifiable map, in source order. */
    public Map<String, Value> fields() {
        return fields;
    }

    @Override
    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public String rawText() {
        return rawText;
    }

    @Override
    public RawForm rawForm() {
        return rawForm;
    }

    @Override
    public String toString() {
        return "FieldEvent" + fields + " from " + origin;
    }

    /**
     * Collects fields; a later value for the same name replaces the earlier one. {@link #build} hands its fields to
     * the event without copying them; a builder used again after it starts from a copy, so events never change.
     */
    public static final class Builder {
        private Map<String, Value> fields = new LinkedHashMap<>();
        /** Whether {@link #fields} belongs to a built event (copied before the next change). */
        private boolean built;
        private final Origin origin;
        private Instant timestamp;
        private String rawText;
        private RawForm rawForm = RawForm.OPAQUE;

        private Builder(Origin origin) {
            this.origin = requireNonNull(origin, "origin is null");
        }

        public Builder put(String name, Value value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            if (built) {
                fields = new LinkedHashMap<>(fields);
                built = false;
            }
            fields.put(name, value);
            return this;
        }

        public Builder put(String name, String text) {
            return put(name, new Value.Text(text));
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder rawText(String rawText) {
            return rawText(rawText, RawForm.OPAQUE);
        }

        /** The raw text and what it promises about the values (see {@link RawForm}). */
        public Builder rawText(String rawText, RawForm rawForm) {
            this.rawText = rawText;
            this.rawForm = requireNonNull(rawForm, "rawForm is null");
            return this;
        }

        public boolean has(String name) {
            return fields.containsKey(name);
        }

        public FieldEvent build() {
            built = true;
            return new FieldEvent(Collections.unmodifiableMap(fields), timestamp, origin, rawText, rawForm);
        }
    }
}
