package dev.vigil.respond;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An alert as one JSON object on one line (no raw newline: JSON escapes it): the detection fields of
 * {@code vigil hunt --format jsonl} ({@code timestamp}, {@code rule_id}, {@code rule_title}, {@code level},
 * {@code tags}, {@code playbook}, {@code explanation}, {@code source_file}, {@code source_format}, {@code record},
 * {@code event}) preceded by {@code alert_id} and followed by {@code group_by} (an object of strings).
 */
public final class AlertJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AlertJson() {
    }

    public static byte[] toJson(Alert alert) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeStringField("alert_id", alert.id());
            writeDetectionFields(generator, alert.detection());
            writeGroupBy(generator, alert.groupBy());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The fields of one detection, written into an object the caller has started. */
    public static void writeDetectionFields(JsonGenerator generator, Detection detection) throws IOException {
        if (detection.timestamp() == null) {
            generator.writeNullField("timestamp");
        } else {
            generator.writeStringField("timestamp", detection.timestamp().toString());
        }
        generator.writeStringField("rule_id", detection.rule().id());
        generator.writeStringField("rule_title", detection.rule().title());
        generator.writeStringField("level", detection.rule().level().label());
        generator.writeArrayFieldStart("tags");
        for (String tag : detection.rule().tags()) {
            generator.writeString(tag);
        }
        generator.writeEndArray();
        generator.writeStringField("playbook", detection.rule().playbook());
        generator.writeStringField("explanation", detection.explanation());
        generator.writeStringField("source_file", detection.event().origin().source());
        generator.writeStringField("source_format", detection.event().origin().format());
        generator.writeNumberField("record", detection.event().origin().record());
        generator.writeFieldName("event");
        writeFields(generator, detection.event());
    }

    /** {@code group_by}: a correlation's group-by fields and their values, as an object of strings. */
    public static void writeGroupBy(JsonGenerator generator, Map<String, String> groupBy) throws IOException {
        generator.writeObjectFieldStart("group_by");
        for (Map.Entry<String, String> entry : groupBy.entrySet()) {
            generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
    }

    /** An event's fields and values as a JSON object. */
    public static void writeFields(JsonGenerator generator, Event event) throws IOException {
        generator.writeStartObject();
        try {
            event.forEachField((name, value) -> {
                try {
                    generator.writeFieldName(name);
                    writeValue(generator, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        generator.writeEndObject();
    }

    /** JSON's number grammar; compiled once (a hunt writes it for every numeric value of every detection). */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    public static void writeValue(JsonGenerator generator, Value value) throws IOException {
        if (value instanceof Value.Text text) {
            generator.writeString(text.text());
        } else if (value instanceof Value.Number number) {
            if (JSON_NUMBER.matcher(number.text()).matches()) {
                generator.writeNumber(number.text());
            } else {
                generator.writeString(number.text());
            }
        } else if (value instanceof Value.Bool bool) {
            generator.writeBoolean(bool.value());
        } else if (value instanceof Value.Null) {
            generator.writeNull();
        } else if (value instanceof Value.Array array) {
            generator.writeStartArray();
            for (Value item : array.items()) {
                writeValue(generator, item);
            }
            generator.writeEndArray();
        }
    }
}
