package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.io.IOException;
import java.util.Map;

/**
 * One JSON object held in a text (a cell of a CSV export, for instance) flattened into an event's fields by the same
 * rules as the {@code json} format: nested objects give dotted names, arrays of objects indexed names.
 */
public final class JsonObjects {
    private JsonObjects() {
    }

    /** Why a text is not one JSON object; the message is fit for an input problem. */
    public static final class NotAnObjectException extends Exception {
        NotAnObjectException(String message) {
            super(message);
        }
    }

    /**
     * The fields of the object in {@code text}, in order (unmodifiable). Fails when the text is not exactly
     * one well-formed object (trailing text, truncation, a scalar) or is longer than the JSON readers' record limit.
     */
    public static Map<String, Value> flatten(String text) throws NotAnObjectException {
        if (text.length() > JsonLinesReader.MAX_RECORD_BYTES) {
            throw new NotAnObjectException("JSON longer than " + JsonLinesReader.MAX_RECORD_BYTES + " characters");
        }
        FieldEvent.Builder scratch = FieldEvent.builder(new Origin("text", JsonFormat.NAME, 1));
        try (JsonParser parser = JsonFlattener.factory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new NotAnObjectException("expected a JSON object, found " + JsonFlattener.describe(first));
            }
            JsonFlattener.readObject(parser, scratch);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new NotAnObjectException("text after the JSON object: " + JsonFlattener.describe(after));
            }
        } catch (IOException malformed) {
            throw new NotAnObjectException("malformed JSON: " + JsonFlattener.message(malformed));
        }
        return scratch.build().fields();
    }
}
