package dev.vigil.ingest.json;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazy JSON line path on edge cases: each line must read exactly as the Jackson oracle reads it (or be rejected
 * by both), and the cases with something to show also state what they expect.
 */
class JsonLineScannerTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("escapes", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9\"}",
                        Map.of("a", text("\"\\/\b\f\n\r\té\u00e9"))),
                Arguments.of("surrogate pair", "{\"a\":\"\\uD83D\\uDE00 and \\ud83d\\ude00\"}",
                        Map.of("a", text("\uD83D\uDE00 and \uD83D\uDE00"))),
                Arguments.of("lone surrogate", "{\"a\":\"\\ud800x\"}", Map.of("a", text("\ud800x"))),
                Arguments.of("raw non-ASCII and escapes", "{\"é\":\"ü\\tß€😀\"}", Map.of("é", text("ü\tß€😀"))),
                Arguments.of("escaped name", "{\"\\u0061\\n\":1}", Map.of("a\n", number("1"))),
                Arguments.of("duplicate keeps first place, last value", "{\"a\":1,\"b\":2,\"a\":3}",
                        Map.of("a", number("3"), "b", number("2"))),
                Arguments.of("duplicate by flattening", "{\"a.b\":1,\"c\":0,\"a\":{\"b\":[2]}}",
                        Map.of("a.b", new Value.Array(List.of(number("2"))), "c", number("0"))),
                Arguments.of("duplicate by escape", "{\"a\":1,\"\\u0061\":\"x\"}", Map.of("a", text("x"))),
                Arguments.of("empty object and array", "{\"o\":{},\"a\":[],\"p\":{\"q\":{}}}",
                        Map.of("a", new Value.Array(List.of()))),
                Arguments.of("array of objects", "{\"a\":[{\"b\":1},{},{\"b\":2,\"c\":[3,4]}]}",
                        Map.of("a.0.b", number("1"), "a.2.b", number("2"),
                                "a.2.c", new Value.Array(List.of(number("3"), number("4"))))),
                Arguments.of("scalars before an object are indexed", "{\"a\":[\"x\",null,{\"b\":true},7]}",
                        Map.of("a.0", text("x"), "a.1", Value.Null.INSTANCE, "a.2.b", new Value.Bool(true),
                                "a.3", number("7"))),
                Arguments.of("arrays in arrays", "{\"a\":[[1,2],[[]],[{\"b\":false}]]}",
                        Map.of("a.0", new Value.Array(List.of(number("1"), number("2"))),
                                "a.1.0", new Value.Array(List.of()), "a.2.0.b", new Value.Bool(false))),
                Arguments.of("numbers keep their text", "{\"a\":-0,\"b\":1e5,\"c\":1.5E-3,\"d\":123456789012345678901234567890,"
                                + "\"e\":-9223372036854775808,\"f\":0.0,\"g\":1E+2,\"h\":0e0}",
                        Map.of("a", number("-0"), "b", number("1e5"), "c", number("1.5E-3"),
                                "d", number("123456789012345678901234567890"), "e", number("-9223372036854775808"),
                                "f", number("0.0"), "g", number("1E+2"), "h", number("0e0"))),
                Arguments.of("literals", "{\"t\":true,\"f\":false,\"n\":null,\"l\":[true,null]}",
                        Map.of("t", new Value.Bool(true), "f", new Value.Bool(false), "n", Value.Null.INSTANCE,
                                "l", new Value.Array(List.of(new Value.Bool(true), Value.Null.INSTANCE)))),
                Arguments.of("whitespace", " \t{ \"a\" :\r1 , \"b\"\t:[ 1 ,2 ] }\t ",
                        Map.of("a", number("1"), "b", new Value.Array(List.of(number("1"), number("2"))))),
                Arguments.of("empty name and value", "{\"\":\"\",\"x\":{\"\":1}}", Map.of("", text(""), "x.", number("1"))),
                Arguments.of("empty line object", "{}", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsAsJacksonDoes(String name, String line, Map<String, Value> expected) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(new Parity().check(bytes, "test.json", 3)).isNull();
        assertThat(fields(read(bytes))).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void duplicateNamesKeepTheFirstPosition() {
        Event event = read("{\"a\":1,\"b\":2,\"a\":3,\"c\":{\"d\":4},\"c.d\":5}".getBytes(StandardCharsets.UTF_8));

        assertThat(fields(event).keySet()).containsExactly("a", "b", "c.d");
        assertThat(event.get("c.d")).isEqualTo(number("5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "[1]", "\"x\"", "1", "null", "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1},", "{\"a\":1}]", "{\"a\":",
            "{\"a\":\"abc", "{\"a\":[1,2", "{\"a\":tru", "{\"a\":truex}", "{\"a\":\"\\u00", "{\"a\":1.", "{", "{\"a\"",
            "{\"a\":1,}", "{\"a\":[1,]}", "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":+1}", "{\"a\":.5}",
            "{\"a\":1.e5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":0x10}", "{\"a\":NaN}", "{\"a\":Infinity}",
            "{\"a\":\"tab\there\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\'\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":1}//",
            "{\"a\":1 \"b\":2}", "{\"a\" 1}", "{\"a\":[1 2]}", "{\"a\":}", "{,}", "{\"a\":1}\u000b", "\u00a0{}",
            "{\"a\":1\u0000}", "{\"a\":\"\u0000\"}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":nul}", "{\"a\":True}"})
    void rejectsWhatJacksonRejects(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(new Parity().check(bytes, "test.json", 3)).isNull();
        assertThat(new JacksonLines().parse(line, "test.json", 3).event()).as("oracle rejects").isNull();
    }

    @Test
    void invalidUtf8IsReplacedAsLineReaderDecodesIt() {
        byte[] line = bytes("{\"a\u00ff\":\"x\u00ff\u00e2\u0082y\u00c3\",\"b\":[\"\u00f0\u009f\u0098\",\"\\n\u00ed\u00a0\u0080\"]}");
        Event event = read(line);

        assertThat(new Parity().check(line, "test.json", 1)).isNull();
        assertThat(event.get("a\uFFFD").text()).isEqualTo("x\uFFFD\uFFFDy\uFFFD");
        assertThat(event.rawText()).contains("\uFFFD");
        assertThat(new Parity().check(bytes("{\"a\":1,\u00ff:2}"), "test.json", 1)).isNull();
        assertThat(new Parity().check(bytes("\u00ef\u00bb\u00bf{\"a\":1}"), "test.json", 1)).isNull();
    }

    @Test
    void nestingUpToTwoHundredLevels() {
        for (int depth : new int[] {199, 200, 201}) {
            String arrays = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            assertThat(new Parity().check(arrays.getBytes(StandardCharsets.UTF_8), "t", 1)).as("arrays %d", depth).isNull();
            assertThat(new Parity().check(objects.getBytes(StandardCharsets.UTF_8), "t", 1)).as("objects %d", depth).isNull();
            assertThat(new JacksonLines().parse(objects, "t", 1).event() != null).isEqualTo(depth <= 200);
        }
        String deep = "{\"a\":" + "[".repeat(100_000);
        assertThat(new Parity().check(deep.getBytes(StandardCharsets.UTF_8), "t", 1)).isNull();
    }

    @Test
    void namesAndNumbersHaveJacksonsLengthLimits() {
        List<String> lines = new ArrayList<>();
        for (int length : new int[] {49_999, 50_000, 50_001}) {
            lines.add("{\"" + "x".repeat(length) + "\":1}");
            lines.add("{\"" + "\\u0078".repeat(length) + "\":1}");
            lines.add("{\"" + "é".repeat(length) + "\":1}");
        }
        for (int digits : new int[] {9_999, 10_000, 10_001}) {
            lines.add("{\"a\":" + "1".repeat(digits) + "}");
            lines.add("{\"a\":-" + "1".repeat(digits) + "}");
            lines.add("{\"a\":0." + "1".repeat(digits) + "}");
            lines.add("{\"a\":1." + "1".repeat(digits - 1) + "}");
            lines.add("{\"a\":1e+" + "1".repeat(digits - 1) + "}");
            lines.add("{\"a\":" + "1".repeat(digits / 2) + "." + "1".repeat(digits - digits / 2 - 1) + "e1}");
        }
        Parity parity = new Parity();
        for (String line : lines) {
            assertThat(parity.check(line.getBytes(StandardCharsets.UTF_8), "t", 1)).as(line.substring(0, 20)).isNull();
        }
    }

    @Test
    void timestampIsTheFirstTopLevelIsoText() {
        assertThat(timestamp("{\"timestamp\":\"bad\",\"timestamp\":\"2020-01-01T00:00:00Z\"}"))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(timestamp("{\"timestamp\":5,\"@timestamp\":\"2020-01-01T01:00:00+01:00\"}"))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(timestamp("{\"@timestamp\":\"2021-01-01T00:00:00Z\",\"@timestamp\":7}"))
                .isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(timestamp("{\"time\\u0073tamp\":\"2020-01-01T00:00:00\\u005a\"}"))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(timestamp("{\"x\":{\"timestamp\":\"2020-01-01T00:00:00Z\"},\"timestamp\":[\"2020-01-01T00:00:00Z\"]}"))
                .isNull();
    }

    @Test
    void readerReportsBadLinesWithSourceAndLineAndGoesOn() throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        String input = "{\"a\":1}\r\n\n  \n{\"a\":2,}\n[3]\n{\"a\":\"x\n\u3000\n{\"a\":4}";
        Reading.Result result;
        try (JsonLinesReader reader = new JsonLinesReader(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "logs.json", problems::add)) {
            result = Reading.drain(reader, problems);
        }

        assertThat(result.events()).extracting(event -> event.get("a").text()).containsExactly("1", "4");
        assertThat(result.events()).extracting(event -> event.origin().record()).containsExactly(1L, 8L);
        assertThat(result.events().get(0).rawText()).isEqualTo("{\"a\":1}");
        assertThat(result.problems()).extracting(InputProblem::line).containsExactly(4L, 5L, 6L);
        assertThat(result.problems()).allSatisfy(problem -> {
            assertThat(problem.source()).isEqualTo("logs.json");
            assertThat(problem.message()).startsWith("malformed JSON: ");
        });
        assertThat(result.problems().get(0).message()).contains("expected '\"'").contains("'}'");
        assertThat(result.problems().get(1).message()).contains("expected a JSON object, found '['");
        assertThat(result.problems().get(2).message()).contains("string not closed");
    }

    @Test
    void eventsKeepTheirLineAfterLaterReads() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int line = 0; line < 3_000; line++) {
            input.writeBytes(("{\"n\":" + line + ",\"s\":\"" + "v".repeat(line % 50) + line + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        List<Event> events = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(input.toByteArray()), "t", problem -> { })) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        for (int line = 0; line < events.size(); line++) {
            assertThat(events.get(line).get("n").text()).isEqualTo(Integer.toString(line));
            assertThat(events.get(line).get("s").text()).isEqualTo("v".repeat(line % 50) + line);
        }
    }

    @Test
    void namesStayRightWhenTheCacheOverflows() {
        Parity parity = new Parity();
        for (int line = 0; line < FieldNames.MAX_ENTRIES + 5_000; line += 7) {
            String text = "{\"k" + line + "\":{\"a\":[{\"b\":1}]},\"k" + (line + 1) + "\":2,\"common\":3}";
            String difference = parity.check(text.getBytes(StandardCharsets.UTF_8), "t", line + 1);
            assertThat(difference).as(text).isNull();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"a":"C:\\\\Windows\\\\x","b":"say \\"hi\\"\\n\\t\\r\\b\\f"}` | JSON
            `{"a":"plain","b":[1,true,null]}`                              | JSON
            `{"a":"\\u0041"}`                                              | OPAQUE
            `{"a":"a\\/b"}`                                                | OPAQUE
            `{"a":"\\\\u0041"}`                                            | JSON
            """)
    void rawFormIsJsonOnlyWithTheShortEscapes(String line, Event.RawForm expected) {
        assertThat(read(line.getBytes(StandardCharsets.UTF_8)).rawForm()).as(line).isEqualTo(expected);
    }

    private static Event read(byte[] line) {
        try {
            return new JsonLineScanner().scan(line, "test.json", 1);
        } catch (MalformedJsonException malformed) {
            throw new AssertionError(malformed);
        }
    }

    private static Instant timestamp(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(new Parity().check(bytes, "t", 1)).isNull();
        return read(bytes).timestamp();
    }

    private static Map<String, Value> fields(Event event) {
        Map<String, Value> fields = new LinkedHashMap<>();
        event.forEachField(fields::put);
        assertThat(fields).isEqualTo(FieldEvent.copyOf(event).fields());
        return fields;
    }

    /** A Java string whose characters up to U+00FF are the bytes, for lines that are not valid UTF-8. */
    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Value text(String text) {
        return new Value.Text(text);
    }

    private static Value number(String text) {
        return new Value.Number(text);
    }
}
