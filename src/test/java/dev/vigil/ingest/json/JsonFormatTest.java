package dev.vigil.ingest.json;

import dev.vigil.event.Value;
import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class JsonFormatTest {
    private final JsonFormat format = new JsonFormat();

    static Stream<Arguments> flattening() {
        return Stream.of(
                Arguments.of("nested object", "{\"a\":{\"b\":1}}", Map.of("a.b", new Value.Number("1"))),
                Arguments.of("number text kept", "{\"n\":1.50,\"k\":-9223372036854775808,\"e\":1E3}",
                        Map.of("n", new Value.Number("1.50"), "k", new Value.Number("-9223372036854775808"),
                                "e", new Value.Number("1E3"))),
                Arguments.of("scalars", "{\"s\":\"x\",\"t\":true,\"f\":false,\"z\":null}",
                        Map.of("s", new Value.Text("x"), "t", new Value.Bool(true), "f", new Value.Bool(false),
                                "z", Value.Null.INSTANCE)),
                Arguments.of("scalar array", "{\"tags\":[\"a\",2]}",
                        Map.of("tags", new Value.Array(List.of(new Value.Text("a"), new Value.Number("2"))))),
                Arguments.of("array of objects", "{\"a\":[{\"b\":1},{\"b\":2,\"c\":\"x\"}]}",
                        Map.of("a.0.b", new Value.Number("1"), "a.1.b", new Value.Number("2"),
                                "a.1.c", new Value.Text("x"))),
                Arguments.of("mixed array indexed", "{\"a\":[1,{\"b\":2}]}",
                        Map.of("a.0", new Value.Number("1"), "a.1.b", new Value.Number("2"))),
                Arguments.of("empty object and array", "{\"o\":{},\"a\":[]}",
                        Map.of("a", new Value.Array(List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flattening")
    void flattens(String name, String line, Map<String, Value> expected) throws IOException {
        Reading.Result result = Reading.read(format, line + "\n");

        assertThat(result.problems()).isEmpty();
        assertThat(Reading.Result.values(result.only())).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void jsonLinesAndArrayGiveTheSameEventsWithTheirStartLines() throws IOException {
        Reading.Result lines = Reading.read(format, "{\"a\":1}\n\n{\"a\":2,\"b\":{\"c\":\"d\"}}\n");
        Reading.Result array = Reading.read(format, "[\n  {\"a\":1},\n  {\"a\":2,\n   \"b\":{\"c\":\"d\"}}\n]\n");

        assertThat(lines.problems()).isEmpty();
        assertThat(array.problems()).isEmpty();
        assertThat(lines.events()).extracting(event -> Reading.Result.texts(event))
                .isEqualTo(array.events().stream().map(Reading.Result::texts).toList());
        assertThat(lines.events()).extracting(event -> event.origin().record()).containsExactly(1L, 3L);
        assertThat(array.events()).extracting(event -> event.origin().record()).containsExactly(2L, 3L);
        assertThat(lines.events().get(0).rawText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void malformedLineIsReportedAndReadingContinues() throws IOException {
        Reading.Result result = Reading.read(format, "{\"a\":1}\n{\"a\":\n[1,2]\n{\"a\":3}\n");

        assertThat(result.events()).extracting(event -> event.get("a").text()).containsExactly("1", "3");
        assertThat(result.problems()).extracting(problem -> problem.line()).containsExactly(2L, 3L);
        assertThat(result.problems().get(1).message()).contains("expected a JSON object");
    }

    @Test
    void prettyPrintedObjectsAreReadWhole() throws IOException {
        Reading.Result result = Reading.read(format, "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n{\n  \"a\": {\"b\": 2}\n}\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).extracting(event -> event.get("a.b").text()).containsExactly("1", "2");
        assertThat(result.events()).extracting(event -> event.origin().record()).containsExactly(1L, 6L);
    }

    @Test
    void malformedPrettyPrintedObjectIsReportedWithItsLine() throws IOException {
        Reading.Result result = Reading.read(format, "{\n  \"a\": 1\n}\n{\n  \"a\": \n}\n");

        assertThat(result.events()).extracting(event -> event.get("a").text()).containsExactly("1");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(6);
            assertThat(problem.message()).contains("malformed JSON").contains("rest of the file skipped");
        });
    }

    @Test
    void deepNestingIsAProblemNotAStackOverflow() throws IOException {
        String deep = "{\"a\":" + "[".repeat(10_000) + "\n{\"ok\":1}\n";
        Reading.Result lines = Reading.read(format, deep);
        Reading.Result array = Reading.read(format, "[" + "[".repeat(10_000));

        assertThat(lines.events()).hasSize(1);
        assertThat(lines.problems()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(1));
        assertThat(array.events()).isEmpty();
        assertThat(array.problems()).isNotEmpty().last()
                .satisfies(problem -> assertThat(problem.message()).contains("malformed JSON"));
    }

    @Test
    void takesTimestampFromTopLevelIsoField() throws IOException {
        Reading.Result result = Reading.read(format, """
                {"@timestamp":"2020-06-10T02:50:56.537Z"}
                {"timestamp":"2020-06-10T04:50:56+02:00"}
                {"timestamp":"yesterday"}
                {"x":{"@timestamp":"2020-06-10T02:50:56Z"}}
                """);

        assertThat(result.events()).extracting(event -> event.timestamp()).containsExactly(
                Instant.parse("2020-06-10T02:50:56.537Z"), Instant.parse("2020-06-10T02:50:56Z"), null, null);
    }

    @Test
    void badElementInArrayIsSkippedAndMalformedTailReported() throws IOException {
        Reading.Result result = Reading.read(format, "[{\"a\":1}, 7, {\"a\":2}, {\"a\":");

        assertThat(result.events()).extracting(event -> event.get("a").text()).containsExactly("1", "2");
        assertThat(result.problems()).hasSize(2);
    }
}
