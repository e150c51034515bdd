package dev.vigil.ingest.csv;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CsvFormatTest {
    private final CsvFormat format = new CsvFormat();

    @Test
    void readsQuotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        Reading.Result result = Reading.read(format,
                "\uFEFFTimeStamp,ServerName,EventData\r\n"
                        + "2021-03-02T01:02:03Z,EX01,\"S:CMD=Set-OabVirtualDirectory;S:URL=\"\"http://x/\"\"\"\r\n"
                        + "2021-03-02T01:02:04Z,EX01,\"line one\nline two, with comma\"\r\n"
                        + "\r\n"
                        + "2021-03-02T01:02:05Z,EX02,\r\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.texts(0)).containsExactly(entry("TimeStamp", "2021-03-02T01:02:03Z"),
                entry("ServerName", "EX01"), entry("EventData", "S:CMD=Set-OabVirtualDirectory;S:URL=\"http://x/\""));
        assertThat(result.texts(1)).containsEntry("EventData", "line one\nline two, with comma");
        assertThat(result.texts(2)).containsEntry("EventData", "");
        assertThat(result.events()).extracting(event -> event.origin().record()).containsExactly(2L, 3L, 6L);
        assertThat(result.events().get(1).timestamp()).isNull();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("too few columns", "a,b\n1\n3,4\n", 2L, "expected 2 columns"),
                Arguments.of("too many columns", "a,b\n1,2,3\n3,4\n", 2L, "expected 2 columns"),
                Arguments.of("quote not closed", "a,b\n3,4\n5,\"open\n", 3L, "not closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void reportsBadRows(String name, String input, long line, String message) throws IOException {
        Reading.Result result = Reading.read(format, input);

        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.get("a").text()).isEqualTo("3"));
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void namesEmptyAndRepeatedHeaderCells() throws IOException {
        assertThat(Reading.read(format, "a,,a\n1,2,3\n").texts(0))
                .containsExactly(entry("a", "1"), entry("column2", "2"), entry("a_2", "3"));
    }

    static Stream<Arguments> sniffCases() {
        return Stream.of(
                Arguments.of("x.csv", "a,b\n1,2\n", 60),
                Arguments.of("x.log", "a,b\n1,2\n3,4\n", 10),
                Arguments.of("x.log", "a,b\r\n1,2\r\n3,4\r\n", 10),
                Arguments.of("x.log", "a,b\r\n1,2,3\r\n3,4\r\n", 0),
                Arguments.of("x.log", "a,b\r\n1,2\r\n", 10), // two lines and the empty rest after the last break
                Arguments.of("x.log", "{\"a\":1,\"b\":2}\n{\"a\":1,\"b\":2}\n{}\n", 0),
                Arguments.of("HttpProxy.LOG", "#Software: Microsoft Exchange\n#Fields: a,b\n1,2\n", 0),
                Arguments.of("x.csv", "#Fields: a,b\n", 0));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sniffCases")
    void sniffsLow(String fileName, String head, int expected) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        assertThat(format.sniff(fileName, bytes, bytes.length)).isEqualTo(expected);
    }
}
