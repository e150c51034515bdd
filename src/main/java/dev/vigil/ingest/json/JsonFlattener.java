package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Value;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one JSON object, read from a parser positioned on its {@code START_OBJECT}, into fields.
 *
 * <p>Design: the object is first read into a small tree ({@link Node}) because whether an array becomes one
 * {@link Value.Array} (all items scalar) or indexed names ({@code a.0.b}, when any item is an object or array) is
 * only known after its last item. Records are bounded in size by the caller and in depth by the parser's
 * {@link StreamReadConstraints}, so neither the tree nor the recursion can grow without limit.
 */
final class JsonFlattener {
    /** Deeper nesting is reported as a problem; far below what would exhaust the thread stack. */
    static final int MAX_NESTING_DEPTH = 200;

    private JsonFlattener() {
    }

    static JsonFactory factory() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(JsonLinesReader.MAX_RECORD_BYTES)
                        .maxNumberLength(10_000)
                        .build())
                .build();
        factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return factory;
    }

    private sealed interface Node permits Scalar, ObjectNode, ArrayNode {
    }

    private record Scalar(Value value) implements Node {
    }

    private record Member(String name, Node node) {
    }

    private record ObjectNode(List<Member> members) implements Node {
    }

    private record ArrayNode(List<Node> items) implements Node {
    }

    /**
     * Reads the object at the parser's current {@code START_OBJECT} and adds its fields; sets the timestamp from a
     * top-level {@code @timestamp} or {@code timestamp} text in ISO-8601 form when there is one.
     */
    static void readObject(JsonParser parser, FieldEvent.Builder builder) throws IOException {
        long limit = offset(parser.currentTokenLocation()) + JsonLinesReader.MAX_RECORD_BYTES;
        ObjectNode root = readObjectNode(parser, limit);
        for (Member member : root.members()) {
            flatten(member.name(), member.node(), builder);
        }
        for (Member member : root.members()) {
            if ((member.name().equals("@timestamp") || member.name().equals("timestamp"))
                    && member.node() instanceof Scalar scalar && scalar.value() instanceof Value.Text text) {
                Instant instant = parseInstant(text.text());
                if (instant != null) {
                    builder.timestamp(instant);
                    break;
                }
            }
        }
    }

    private static ObjectNode readObjectNode(JsonParser parser, long limit) throws IOException {
        List<Member> members = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.add(new Member(name, readNode(parser, limit)));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new MalformedJsonException("unexpected " + token + " in object");
        }
        return new ObjectNode(members);
    }

    private static Node readNode(JsonParser parser, long limit) throws IOException {
        if (offset(parser.currentLocation()) > limit) {
            throw new RecordTooLargeException();
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new MalformedJsonException("unexpected end of input");
        }
        return switch (token) {
            case START_OBJECT -> readObjectNode(parser, limit);
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new MalformedJsonException("unexpected end of input in array");
                    }
                    items.add(readNode(parser, limit));
                }
                yield new ArrayNode(items);
            }
            case VALUE_STRING -> new Scalar(new Value.Text(parser.getText()));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(new Value.Number(parser.getText()));
            case VALUE_TRUE -> new Scalar(new Value.Bool(true));
            case VALUE_FALSE -> new Scalar(new Value.Bool(false));
            case VALUE_NULL -> new Scalar(Value.Null.INSTANCE);
            case VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE, END_OBJECT, END_ARRAY, FIELD_NAME ->
                    throw new MalformedJsonException("unexpected " + token);
        };
    }

    private static void flatten(String name, Node node, FieldEvent.Builder builder) {
        if (node instanceof Scalar scalar) {
            builder.put(name, scalar.value());
        } else if (node instanceof ObjectNode object) {
            for (Member member : object.members()) {
                flatten(name + "." + member.name(), member.node(), builder);
            }
        } else if (node instanceof ArrayNode array) {
            if (array.items().stream().allMatch(item -> item instanceof Scalar)) {
                builder.put(name, new Value.Array(array.items().stream().map(item -> ((Scalar) item).value()).toList()));
            } else {
                for (int index = 0; index < array.items().size(); index++) {
                    flatten(name + "." + index, array.items().get(index), builder);
                }
            }
        }
    }

    static String describe(JsonToken token) {
        return token == null ? "nothing" : token.asString() == null ? token.name() : token.asString();
    }

    static String message(IOException exception) {
        String message = exception instanceof JsonProcessingException processing
                ? processing.getOriginalMessage()
                : exception.getMessage();
        return message == null ? exception.getClass().getSimpleName() : message;
    }

    /** The record passed {@link JsonLinesReader#MAX_RECORD_BYTES}; the reader skips the rest of it. */
    static final class RecordTooLargeException extends IOException {
        RecordTooLargeException() {
            super("record longer than " + JsonLinesReader.MAX_RECORD_BYTES + " characters");
        }
    }

    /** Byte-based parsers report byte offsets and text-based ones character offsets; either bounds the record. */
    private static long offset(JsonLocation location) {
        long bytes = location.getByteOffset();
        return bytes >= 0 ? bytes : location.getCharOffset();
    }

    /** An ISO-8601 time with an offset, or {@code null}: the timestamp rule both JSON paths share. */
    static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            return null;
        }
    }
}
