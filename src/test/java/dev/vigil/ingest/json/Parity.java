package dev.vigil.ingest.json;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Value;
import dev.vigil.ingest.LineReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the lazy JSON path with the Jackson oracle on one line: both reject it, or both accept it with the same
 * fields (names, order, values and their kinds), lookups, timestamp, origin and raw text.
 */
final class Parity {
    private final JsonLineScanner scanner = new JsonLineScanner();
    private final JacksonLines oracle = new JacksonLines();

    /** What differs, or {@code null} when the paths agree. The scanner is reused, as a reader reuses it. */
    String check(byte[] line, String source, long number) {
        JacksonLines.Outcome expected = oracle.parse(LineReader.decode(line, line.length), source, number);
        JsonEvent actual;
        try {
            actual = scanner.scan(line, source, number);
        } catch (MalformedJsonException malformed) {
            return expected.event() == null ? null : "lazy path rejected (" + malformed.getMessage() + ") what Jackson read as " + expected.event();
        }
        if (expected.event() == null) {
            return "lazy path accepted " + FieldEvent.copyOf(actual) + " but Jackson said: " + expected.problem();
        }
        return difference(actual, expected.event());
    }

    /**
     * Where an encoded text's Latin-1 bytes ({@link Value.Text.Encoded#latin1}) are not its text, or are missing for a
     * text within Latin-1; {@code null} when they agree (array items one by one).
     */
    private static String latin1Difference(Value value) {
        if (value instanceof Value.Array array) {
            for (Value item : array.items()) {
                String difference = latin1Difference(item);
                if (difference != null) {
                    return difference;
                }
            }
        }
        if (!(value instanceof Value.Text.Encoded encoded)) {
            return null;
        }
        byte[] out = new byte[encoded.end() - encoded.start()];
        int length = encoded.latin1(out);
        String text = encoded.text();
        if (length >= 0) {
            String bytes = new String(out, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
            return bytes.equals(text) ? null : "Latin-1 bytes of " + text + " are " + bytes;
        }
        return text.chars().allMatch(c -> c <= 0xFF) ? "no Latin-1 bytes for " + text : null;
    }

    /** What differs between an event and the oracle's, or {@code null}. */
    static String difference(Event actual, FieldEvent expected) {
        List<String> names = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        actual.forEachField((name, value) -> {
            names.add(name);
            values.add(value);
        });
        if (!names.equals(new ArrayList<>(expected.fields().keySet()))) {
            return "names " + names + " but expected " + expected.fields().keySet();
        }
        if (!values.equals(new ArrayList<>(expected.fields().values()))) {
            return "values " + values + " but expected " + expected.fields().values();
        }
        for (Value value : values) {
            String latin1 = latin1Difference(value);
            if (latin1 != null) {
                return latin1;
            }
        }
        for (String name : names) {
            if (!Objects.equals(actual.get(name), expected.get(name))) {
                return "get(" + name + ") is " + actual.get(name) + " but expected " + expected.get(name);
            }
        }
        if (actual.get("no such field") != null || !Objects.equals(actual.get(""), expected.get(""))) {
            return "get of a missing name found something";
        }
        if (!Objects.equals(actual.timestamp(), expected.timestamp())) {
            return "timestamp " + actual.timestamp() + " but expected " + expected.timestamp();
        }
        if (!actual.origin().equals(expected.origin())) {
            return "origin " + actual.origin() + " but expected " + expected.origin();
        }
        if (!Objects.equals(actual.rawText(), expected.rawText())) {
            return "raw text differs";
        }
        if (actual.rawForm() != expected.rawForm()) {
            return "raw form " + actual.rawForm() + " but expected " + expected.rawForm();
        }
        List<String> named = new ArrayList<>();
        actual.forEachName(named::add);
        List<String> visited = new ArrayList<>();
        actual.forEachField((name, value) -> visited.add(name));
        if (!named.equals(visited)) {
            return "names " + named + " but fields " + visited;
        }
        return null;
    }
}
