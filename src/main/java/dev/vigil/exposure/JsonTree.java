package dev.vigil.exposure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON document read whole into values that remember their line, so that the data files, KEV catalogues and
 * inventories can be checked field by field with errors that say where. Duplicate keys are an error.
 */
final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTree() {
    }

    sealed interface Node permits ObjectNode, ArrayNode, TextNode, NumberNode, BooleanNode, NullNode {
        long line();

        /** The JSON type's name, for messages. */
        String kind();
    }

    record ObjectNode(Map<String, Node> members, long line) implements Node {
        public String kind() {
            return "object";
        }

        Optional<Node> member(String name) {
            return Optional.ofNullable(members.get(name));
        }
    }

    record ArrayNode(List<Node> items, long line) implements Node {
        public String kind() {
            return "array";
        }
    }

    record TextNode(String text, long line) implements Node {
        public String kind() {
            return "string";
        }
    }

    record NumberNode(String text, boolean integral, long line) implements Node {
        public String kind() {
            return integral ? "integer" : "number";
        }
    }

    record BooleanNode(boolean value, long line) implements Node {
        public String kind() {
            return "boolean";
        }
    }

    record NullNode(long line) implements Node {
        public String kind() {
            return "null";
        }
    }

    /** Reads one JSON document; anything after it, or any syntax error, is a {@link DataException} naming the line. */
    static Node parse(InputStream input, String source) throws IOException {
        // JSON is UTF-8 (RFC 8259): decode strictly rather than let the parser guess UTF-16 or UTF-32.
        Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DataException(source + ": empty, a JSON document was expected");
            }
            Node root = read(parser, source);
            if (parser.nextToken() != null) {
                throw new DataException(source + ":" + line(parser) + ": unexpected content after the JSON document");
            }
            return root;
        } catch (CharacterCodingException e) {
            throw new DataException(source + ": not UTF-8 text");
        } catch (JsonProcessingException e) { // a syntax error, or a limit of Jackson (nesting, number or string length)
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            // Jackson names the source it was not told about; drop that part of its message.
            String message = e.getOriginalMessage().replaceAll("\\[Source: REDACTED \\([^)]*\\); ", "[");
            throw new DataException(source + ":" + line + ": not valid JSON: " + message);
        }
    }

    private static Node read(JsonParser parser, String source) throws IOException {
        long line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    long nameLine = line(parser);
                    parser.nextToken();
                    if (members.put(name, read(parser, source)) != null) {
                        throw new DataException(source + ":" + nameLine + ": key '" + name + "' appears twice in one object");
                    }
                }
                return new ObjectNode(Collections.unmodifiableMap(members), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, source));
                }
                return new ArrayNode(List.copyOf(items), line);
            }
            case VALUE_STRING -> {
                return new TextNode(parser.getText(), line);
            }
            case VALUE_NUMBER_INT -> {
                return new NumberNode(parser.getText(), true, line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new NumberNode(parser.getText(), false, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new BooleanNode(token == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new NullNode(line);
            }
            default -> throw new DataException(source + ":" + line + ": unexpected JSON token " + token);
        }
    }

    private static long line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /**
     * Field access with errors that name the source, line and field: {@code where} says what is being read, as in
     * {@code "vulnerabilities[3] (CVE-2021-26855)"}.
     */
    record Fields(String source, ObjectNode object, String where) {

        static Fields of(Node node, String source, String where) {
            if (node instanceof ObjectNode object) {
                return new Fields(source, object, where);
            }
            throw new DataException(source + ":" + node.line() + ": " + where + " must be a JSON object, not " + node.kind());
        }

        DataException error(Node node, String message) {
            return new DataException(source + ":" + node.line() + ": " + where + ": " + message);
        }

        Node required(String name) {
            return object.member(name).orElseThrow(() -> new DataException(
                    source + ":" + object.line() + ": " + where + ": required field '" + name + "' is missing"));
        }

        String text(String name) {
            Node node = required(name);
            if (node instanceof TextNode text) {
                return text.text();
            }
            throw error(node, "field '" + name + "' must be a string, not " + node.kind());
        }

        Optional<String> optionalText(String name) {
            return object.member(name).map(node -> {
                if (node instanceof TextNode text) {
                    return text.text();
                }
                throw error(node, "field '" + name + "' must be a string, not " + node.kind());
            });
        }

        /** A string, or {@code null} for a JSON null. */
        Optional<String> nullableText(String name) {
            Node node = required(name);
            if (node instanceof NullNode) {
                return Optional.empty();
            }
            return Optional.of(text(name));
        }

        ArrayNode array(String name) {
            Node node = required(name);
            if (node instanceof ArrayNode array) {
                return array;
            }
            throw error(node, "field '" + name + "' must be an array, not " + node.kind());
        }

        ObjectNode object(String name) {
            Node node = required(name);
            if (node instanceof ObjectNode value) {
                return value;
            }
            throw error(node, "field '" + name + "' must be an object, not " + node.kind());
        }

        Fields fields(String name) {
            return new Fields(source, object(name), where + "." + name);
        }

        long integer(String name) {
            Node node = required(name);
            if (node instanceof NumberNode number && number.integral() && number.text().length() <= 18) {
                return Long.parseLong(number.text());
            }
            throw error(node, "field '" + name + "' must be an integer, not " + describe(node));
        }

        List<String> textList(String name) {
            List<String> texts = new ArrayList<>();
            for (Node item : array(name).items()) {
                if (!(item instanceof TextNode text)) {
                    throw error(item, "every item of '" + name + "' must be a string, not " + item.kind());
                }
                texts.add(text.text());
            }
            return List.copyOf(texts);
        }

        Build build(String name) {
            String text = text(name);
            try {
                return Build.parse(text);
            } catch (DataException e) {
                throw error(required(name), "field '" + name + "': " + e.getMessage());
            }
        }
    }

    private static String describe(Node node) {
        return node instanceof NumberNode number ? number.kind() + " " + number.text() : node.kind();
    }
}
