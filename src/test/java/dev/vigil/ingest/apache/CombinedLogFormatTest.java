package dev.vigil.ingest.apache;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CombinedLogFormatTest {
    private final CombinedLogFormat format = new CombinedLogFormat();

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("combined",
                        "203.0.113.9 - alice [10/Oct/2023:13:55:36 -0700] \"GET /owa/auth/x.js?a=1&b=2 HTTP/1.1\" 200 2326 \"http://example.com/\" \"Mozilla/5.0 (X11)\"",
                        Map.of("c-ip", "203.0.113.9", "cs-username", "alice", "cs-method", "GET",
                                "cs-uri-stem", "/owa/auth/x.js", "cs-uri-query", "a=1&b=2", "cs-version", "HTTP/1.1",
                                "sc-status", "200", "sc-bytes", "2326", "cs-referer", "http://example.com/",
                                "cs-user-agent", "Mozilla/5.0 (X11)"),
                        Instant.parse("2023-10-10T20:55:36Z")),
                Arguments.of("common without referer and agent, dashes empty",
                        "::1 - - [01/Jan/2024:00:00:00 +0000] \"POST /login HTTP/1.0\" 302 -",
                        Map.of("c-ip", "::1", "cs-username", "", "cs-uri-query", "", "sc-bytes", "",
                                "request", "POST /login HTTP/1.0"),
                        Instant.parse("2024-01-01T00:00:00Z")),
                Arguments.of("escaped quotes kept as logged",
                        "1.2.3.4 - - [01/Feb/2024:10:00:00 +0100] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl \\\"x\\\" y\"",
                        Map.of("cs-user-agent", "curl \\\"x\\\" y", "cs-referer", ""),
                        Instant.parse("2024-02-01T09:00:00Z")),
                Arguments.of("binary junk request kept, parts empty",
                        "1.2.3.4 - - [01/Feb/2024:10:00:00 +0000] \"\\x16\\x03\\x01\\x00\\xa5\\x01\" 400 226 \"-\" \"-\"",
                        Map.of("request", "\\x16\\x03\\x01\\x00\\xa5\\x01", "cs-method", "", "cs-uri-stem", "",
                                "sc-status", "400"),
                        Instant.parse("2024-02-01T10:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void reads(String name, String line, Map<String, String> expected, Instant timestamp) throws IOException {
        Reading.Result result = Reading.read(format, line + "\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.texts(0)).containsAllEntriesOf(expected);
        assertThat(result.only().timestamp()).isEqualTo(timestamp);
        assertThat(result.only().rawText()).isEqualTo(line);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no time", "1.2.3.4 - - \"GET / HTTP/1.1\" 200 1", "no [time]"),
                Arguments.of("bad month", "1.2.3.4 - - [01/Foo/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1", "unreadable time"),
                Arguments.of("unclosed quote", "1.2.3.4 - - [01/Feb/2024:10:00:00 +0000] \"GET / HTTP/1.1 200 1", "no quoted request"),
                Arguments.of("one word", "garbage", "too few fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedLineIsReportedAndSkipped(String name, String line, String message) throws IOException {
        Reading.Result result = Reading.read(format,
                line + "\n1.2.3.4 - - [01/Feb/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n");

        assertThat(result.events()).hasSize(1);
        assertThat(result.events().get(0).origin().record()).isEqualTo(2);
        assertThat(result.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.toString()).startsWith("test.log:1: ").contains(message));
    }

    @Test
    void sniffsAccessLogsButNotSyslog() {
        byte[] access = "1.2.3.4 - - [01/Feb/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n".getBytes();
        byte[] syslog = "Jan  1 00:00:01 host sshd[1]: hello\n".getBytes();
        assertThat(format.sniff("access.log", access, access.length)).isEqualTo(80);
        assertThat(format.sniff("messages", syslog, syslog.length)).isZero();
    }
}
