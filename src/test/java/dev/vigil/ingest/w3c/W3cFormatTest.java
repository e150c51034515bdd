package dev.vigil.ingest.w3c;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class W3cFormatTest {
    private final W3cFormat format = new W3cFormat();

    private static final String HEADER = """
            #Software: Microsoft Internet Information Services 10.0
            #Version: 1.0
            #Date: 2021-04-01 00:00:21
            #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status
            """;

    @Test
    void readsFieldsAsLoggedWithDashAsEmptyAndPlusKept() throws IOException {
        Reading.Result result = Reading.read(format, HEADER
                + "2021-04-01 00:00:21 10.0.0.1 GET /owa/auth.aspx - 443 - 192.0.2.7 Mozilla/5.0+(Windows+NT+10.0) 200\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.texts(0)).containsExactly(
                entry("date", "2021-04-01"), entry("time", "00:00:21"), entry("s-ip", "10.0.0.1"),
                entry("cs-method", "GET"), entry("cs-uri-stem", "/owa/auth.aspx"), entry("cs-uri-query", ""),
                entry("s-port", "443"), entry("cs-username", ""), entry("c-ip", "192.0.2.7"),
                entry("cs(User-Agent)", "Mozilla/5.0+(Windows+NT+10.0)"), entry("sc-status", "200"));
        assertThat(result.only().timestamp()).isEqualTo(Instant.parse("2021-04-01T00:00:21Z"));
        assertThat(result.only().origin().record()).isEqualTo(5);
        assertThat(result.only().origin().format()).isEqualTo("w3c");
        assertThat(result.only().rawText()).startsWith("2021-04-01 00:00:21 10.0.0.1 GET");
    }

    @Test
    void fieldsDirectiveMidFileRekeysTheColumns() throws IOException {
        Reading.Result result = Reading.read(format, """
                #Fields: date time cs-uri-stem sc-status
                2022-01-01 10:00:00 /a 200
                #Fields: date time sc-status cs-uri-stem cs-method
                2022-01-01 10:00:01 404 /b POST
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.texts(0)).containsEntry("cs-uri-stem", "/a").doesNotContainKey("cs-method");
        assertThat(result.texts(1)).containsEntry("cs-uri-stem", "/b").containsEntry("sc-status", "404")
                .containsEntry("cs-method", "POST");
    }

    @Test
    void timeWithoutDateColumnTakesTheDateDirective() throws IOException {
        Reading.Result result = Reading.read(format, """
                #Date: 2013-07-30 00:00:00
                #Fields: time cs-uri-stem
                00:00:03 /x
                """);

        assertThat(result.only().timestamp()).isEqualTo(Instant.parse("2013-07-30T00:00:03Z"));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("data before #Fields", "2022-01-01 10:00:00 /a\n#Fields: date time cs-uri-stem\n", 1L,
                        "before any #Fields"),
                Arguments.of("too few columns", "#Fields: date time cs-uri-stem\n2022-01-01 10:00:00\n", 2L,
                        "expected 3 fields"),
                Arguments.of("too many columns", "#Fields: date time\n2022-01-01 10:00:00 extra\n", 2L,
                        "expected 2 fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void malformedLineIsReportedOnceAndSkipped(String name, String input, long line, String message) throws IOException {
        Reading.Result result = Reading.read(format, input + "#Fields: date time\n2022-01-01 11:00:00\n");

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.source()).isEqualTo("test.log");
            assertThat(problem.message()).contains(message);
        });
        assertThat(result.events()).hasSize(1);
    }

    static Stream<Arguments> sniffCases() {
        return Stream.of(
                Arguments.of("u_ex210401.log", "#Software: Microsoft Internet Information Services 10.0\n", 95),
                Arguments.of("access.log", "#Version: 1.0\n#Fields: date time c-ip\n", 85),
                Arguments.of("HttpProxy_2021010100-1.LOG", "#Software: Microsoft Exchange Server\n#Fields: DateTime,RequestId\n", 0),
                Arguments.of("u_ex210401.log", "", 30),
                Arguments.of("notes.txt", "hello world\n", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sniffCases")
    void sniffs(String fileName, String head, int expected) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        assertThat(format.sniff(fileName, bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void keepsFieldNamesExactly() throws IOException {
        Map<String, String> texts = Reading.read(format, "#Fields: cs(Referer) cs(Cookie)\nhttp://x/ a=b\n").texts(0);
        assertThat(texts).containsExactly(entry("cs(Referer)", "http://x/"), entry("cs(Cookie)", "a=b"));
    }
}
