package dev.vigil.respond;

import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * An alert as one JSON object on one line (no raw newline: JSON escapes it): the detection fields of
 * {@code vigil hunt --format jsonl} ({@code timestamp}, {@code rule_id}, {@code rule_title}, {@code level},
 * {@code tags}, {@code playbook}, {@code explanation}, {@code source_file}, {@code source_format}, {@code record},
 * {@code event}) preceded by {@code alert_id} and followed by {@code group_by} (an object of strings).
 *
 * <p>The JSON is written by {@link JsonText}, compact, escaped as Jackson's generator escapes (the text is the same
 * as when Jackson wrote it, character for character).
 */
public final class AlertJson {

    private AlertJson() {
    }

    public static byte[] toJson(Alert alert) {
        JsonText json = new JsonText(2048);
        json.raw('{').name("alert_id").string(alert.id()).raw(',');
        writeHead(json, alert.detection());
        json.raw(ruleFields(alert.detection()));
        writeOrigin(json, alert.detection(), null);
        writeFields(json, alert.detection().event(), new FieldList(), null);
        json.raw(',');
        writeGroupBy(json, alert.groupBy());
        json.raw('}');
        return JsonText.surrogatesEscaped(json.toString()).getBytes(StandardCharsets.UTF_8);
    }


    /**
     * Writes detections as JSON Lines (one object a line: the detection fields, then {@code group_by} when the
     * detection has group-by values) to a {@link Writer}. Keeps the fields of the rules it has written (they do not
     * change), field names as escaped, the JSON of the last source and format, and the JSON of the last event (a
     * detection's event is often the previous detection's), so it is for one thread, like a sink. Made
     * {@linkplain #ofEventsInTurn in turn} for a hunt's worker, it recognises the last event by identity until
     * {@link #eventDone} (a reader may use an event object again for its next record).
     */
    public static final class Lines {
        /** Rules whose fields are kept at most; beyond, the cache starts again (rules made per detection stay bounded). */
        private static final int MAX_RULES = 8192;
        private final Writer writer;
        private final JsonText head = new JsonText(1024);
        private final JsonText event = new JsonText(8192);
        private final Map<Object, char[]> rules = new IdentityHashMap<>();
        private final FieldList fields = new FieldList();
        private final Names names = new Names();
        /** Whether {@link #eventDone} marks the end of each event, so that any event can be recognised by identity. */
        private final boolean eventsInTurn;
        private Event lastEvent;
        /** The source file and format of the last detection (by identity), and their JSON. */
        private String lastSource;
        private String lastFormat;
        private char[] sourceFields;

        public Lines(Writer writer) {
            this(writer, false);
        }

        private Lines(Writer writer, boolean eventsInTurn) {
            this.writer = writer;
            this.eventsInTurn = eventsInTurn;
        }

        /**
         * Lines for detections whose events may be a reader's own (lazily decoded, in reused buffers, or an object the
         * reader uses again): detections of one event come one after another with the same event object, unchanged,
         * and {@link #eventDone} is called before the event changes, so that its JSON is made once for them all.
         */
        public static Lines ofEventsInTurn(Writer writer) {
            return new Lines(writer, true);
        }

        /** The event of the detections written since the last call is no longer to be recognised (nor kept). */
        public void eventDone() {
            lastEvent = null;
        }

        public void write(Detection detection) throws IOException {
            head.clear();
            head.raw('{');
            writeHead(head, detection);
            char[] ruleFields = rules.get(detection.rule());
            if (ruleFields == null) {
                if (rules.size() >= MAX_RULES) {
                    rules.clear();
                }
                ruleFields = ruleFields(detection);
                rules.put(detection.rule(), ruleFields);
            }
            head.raw(ruleFields);
            writeOrigin(head, detection, this);
            head.writeTo(writer);
            // Only an immutable event can be recognised by identity (a reader may reuse its own event objects),
            // unless the caller says when each event ends.
            if (detection.event() != lastEvent || !(eventsInTurn || lastEvent instanceof FieldEvent)) {
                event.clear();
                writeFields(event, detection.event(), fields, names);
                lastEvent = detection.event();
            }
            event.writeTo(writer);
            head.clear();
            if (!detection.groupBy().isEmpty()) {
                head.raw(',');
                writeGroupBy(head, detection.groupBy());
            }
            head.raw('}').raw('\n');
            head.writeTo(writer);
        }
    }

    /** {@code "timestamp":…,} */
    private static void writeHead(JsonText json, Detection detection) {
        json.name("timestamp");
        if (detection.timestamp() == null) {
            json.raw("null");
        } else {
            json.instant(detection.timestamp());
        }
        json.raw(',');
    }

    /** {@code "rule_id":…,"rule_title":…,"level":…,"tags":[…],"playbook":…,}: the same for every detection of a rule. */
    private static char[] ruleFields(Detection detection) {
        var rule = detection.rule();
        JsonText json = new JsonText(256);
        json.name("rule_id").string(rule.id()).raw(',');
        json.name("rule_title").string(rule.title()).raw(',');
        json.name("level").string(rule.level().label()).raw(',');
        json.name("tags").raw('[');
        boolean first = true;
        for (String tag : rule.tags()) {
            if (!first) {
                json.raw(',');
            }
            first = false;
            json.string(tag);
        }
        json.raw("],");
        json.name("playbook").string(rule.playbook()).raw(',');
        return json.toChars();
    }

    /**
     * {@code "explanation":…,"source_file":…,"source_format":…,"record":…,"event":}; {@code lines}, when not null,
     * keeps the JSON of the source file and format for the detections that follow (the same Strings, mostly).
     */
    private static void writeOrigin(JsonText json, Detection detection, Lines lines) {
        json.name("explanation").string(detection.explanation()).raw(',');
        Origin origin = detection.event().origin();
        if (lines == null) {
            writeSource(json, origin);
        } else {
            if (origin.source() != lines.lastSource || origin.format() != lines.lastFormat || lines.sourceFields == null) {
                JsonText source = new JsonText(origin.source().length() + 48);
                writeSource(source, origin);
                lines.sourceFields = source.toChars();
                lines.lastSource = origin.source();
                lines.lastFormat = origin.format();
            }
            json.raw(lines.sourceFields);
        }
        json.name("record").number(origin.record()).raw(',');
        json.name("event");
    }

    /** {@code "source_file":…,"source_format":…,} */
    private static void writeSource(JsonText json, Origin origin) {
        json.name("source_file").string(origin.source()).raw(',');
        json.name("source_format").string(origin.format()).raw(',');
    }

    /** {@code "group_by":{…}}: a correlation's group-by fields and their values, as an object of strings. */
    private static void writeGroupBy(JsonText json, Map<String, String> groupBy) {
        json.name("group_by").raw('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : groupBy.entrySet()) {
            if (!first) {
                json.raw(',');
            }
            first = false;
            json.name(entry.getKey()).string(entry.getValue());
        }
        json.raw('}');
    }

    /**
     * An event's fields and values as a JSON object: as {@link FieldEvent#copyOf} keeps them, so that an event
     * written as its reader made it gives the same text as its copy (a name that comes again keeps its first place
     * and takes the later value).
     */
    private static void writeFields(JsonText json, Event event, FieldList fields, Names names) {
        json.raw('{');
        if (event instanceof FieldEvent fieldEvent) {
            boolean first = true;
            for (Map.Entry<String, Value> field : fieldEvent.fields().entrySet()) {
                if (!first) {
                    json.raw(',');
                }
                first = false;
                writeName(json, field.getKey(), names).value(field.getValue());
            }
        } else {
            fields.clear();
            event.forEachField(fields);
            for (int i = 0; i < fields.size; i++) {
                if (i > 0) {
                    json.raw(',');
                }
                writeName(json, fields.names[i], names).value(fields.values[i]);
            }
            fields.clear();
        }
        json.raw('}');
    }

    private static JsonText writeName(JsonText json, String name, Names names) {
        return names == null || name.length() > Names.MAX_LENGTH ? json.name(name) : json.raw(names.encoded(name));
    }

    /**
     * Field names as {@link JsonText#name} writes them ({@code "name":}), kept by name for one thread: events of a
     * source have the same few names, so each is escaped once. Holds at most {@link #MAX} names (then starts again),
     * each at most {@link #MAX_LENGTH} characters long (a longer one is escaped each time: a crafted log's huge keys
     * must not pile up here).
     */
    private static final class Names {
        private static final int MAX = 4096;
        static final int MAX_LENGTH = 256;
        private final Map<String, char[]> encoded = new HashMap<>();

        char[] encoded(String name) {
            char[] text = encoded.get(name);
            if (text == null) {
                if (encoded.size() >= MAX) {
                    encoded.clear();
                }
                text = new JsonText(name.length() + 3).name(name).toChars();
                encoded.put(name, text);
            }
            return text;
        }
    }

    /**
     * The fields of one event in their order, a repeated name keeping its first place and its last value (as a
     * {@link java.util.LinkedHashMap} keeps them); names and values must not be null (as {@link FieldEvent} requires).
     * For one thread; used again for each event.
     */
    private static final class FieldList implements BiConsumer<String, Value> {
        private String[] names = new String[32];
        private Value[] values = new Value[32];
        private int size;
        /** Open addressing by the names' hash codes: 0 or a field's index plus one. */
        private int[] table = new int[64];
        /** A table longer than this is dropped when cleared. */
        private static final int SHRINK_ABOVE = 1024;

        void clear() {
            if (table.length > SHRINK_ABOVE) {
                // after an event of very many fields: start small again rather than clear its table for every event
                names = new String[32];
                values = new Value[32];
                table = new int[64];
                size = 0;
            } else if (size > 0) {
                Arrays.fill(names, 0, size, null);
                Arrays.fill(values, 0, size, null);
                Arrays.fill(table, 0);
                size = 0;
            }
        }

        @Override
        public void accept(String name, Value value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            int hash = name.hashCode();
            int mask = table.length - 1;
            int slot = (hash ^ (hash >>> 16)) & mask;
            for (int at; (at = table[slot]) != 0; slot = (slot + 1) & mask) {
                String other = names[at - 1];
                if (other == name || other.hashCode() == hash && other.equals(name)) {
                    values[at - 1] = value;
                    return;
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            names[size] = name;
            values[size] = value;
            table[slot] = ++size;
            if (2 * size > table.length) {
                rehash();
            }
        }

        private void rehash() {
            table = new int[2 * table.length];
            int mask = table.length - 1;
            for (int i = 0; i < size; i++) {
                int hash = names[i].hashCode();
                int slot = (hash ^ (hash >>> 16)) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = i + 1;
            }
        }
    }
}
