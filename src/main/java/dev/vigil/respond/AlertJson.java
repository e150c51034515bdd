package dev.vigil.respond;

import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

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
        writeOrigin(json, alert.detection());
        writeFields(json, alert.detection().event());
        json.raw(',');
        writeGroupBy(json, alert.groupBy());
        json.raw('}');
        return JsonText.surrogatesEscaped(json.toString()).getBytes(StandardCharsets.UTF_8);
    }


    /**
     * Writes detections as JSON Lines (one object a line: the detection fields, then {@code group_by} when the
     * detection has group-by values) to a {@link Writer}. Keeps the fields of the rules it has written (they do not
     * change) and the JSON of the last event (a detection's event is often the previous detection's), so it is for
     * one thread, like a sink.
     */
    public static final class Lines {
        /** Rules whose fields are kept at most; beyond, the cache starts again (rules made per detection stay bounded). */
        private static final int MAX_RULES = 8192;
        private final Writer writer;
        private final JsonText head = new JsonText(1024);
        private final JsonText event = new JsonText(8192);
        private final Map<Object, char[]> rules = new IdentityHashMap<>();
        private Event lastEvent;

        public Lines(Writer writer) {
            this.writer = writer;
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
            writeOrigin(head, detection);
            head.writeTo(writer);
            // Only an immutable event can be recognised by identity (a reader may reuse its own event objects).
            if (detection.event() != lastEvent || !(lastEvent instanceof FieldEvent)) {
                event.clear();
                writeFields(event, detection.event());
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

    /** {@code "explanation":…,"source_file":…,"source_format":…,"record":…,"event":} */
    private static void writeOrigin(JsonText json, Detection detection) {
        json.name("explanation").string(detection.explanation()).raw(',');
        json.name("source_file").string(detection.event().origin().source()).raw(',');
        json.name("source_format").string(detection.event().origin().format()).raw(',');
        json.name("record").number(detection.event().origin().record()).raw(',');
        json.name("event");
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

    /** An event's fields and values as a JSON object. */
    private static void writeFields(JsonText json, Event event) {
        json.raw('{');
        boolean[] first = {true};
        event.forEachField((name, value) -> {
            if (!first[0]) {
                json.raw(',');
            }
            first[0] = false;
            json.name(name).value(value);
        });
        json.raw('}');
    }
}
