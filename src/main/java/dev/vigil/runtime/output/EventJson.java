package dev.vigil.runtime.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Writes an event's fields and values as a JSON object. */
final class EventJson {
    private EventJson() {
    }

    static void writeFields(JsonGenerator generator, Event event) throws IOException {
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

    static void writeValue(JsonGenerator generator, Value value) throws IOException {
        if (value instanceof Value.Text text) {
            generator.writeString(text.text());
        } else if (value instanceof Value.Number number) {
            if (isJsonNumber(number.text())) {
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

    /** JSON's number grammar; compiled once (a hunt writes it for every numeric value of every detection). */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private static boolean isJsonNumber(String text) {
        return JSON_NUMBER.matcher(text).matches();
    }
}
