package dev.vigil.ingest.syslog;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SyslogFormatTest {
    private static final Instant NOW = Instant.parse("2024-03-15T12:00:00Z");
    private final SyslogFormat format = new SyslogFormat(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("RFC 5424 with structured data",
                        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] An application event",
                        Map.of("facility", "local4", "severity", "notice", "host", "mymachine.example.com",
                                "app", "evntslog", "pid", "", "msgid", "ID47",
                                "sd.exampleSDID@32473.eventSource", "Application",
                                "sd.examplePriority@32473.class", "high", "message", "An application event"),
                        Instant.parse("2003-10-11T22:14:15.003Z")),
                Arguments.of("RFC 5424 escaped SD value and offset",
                        "<86>1 2024-01-02T03:04:05+02:00 h sshd 42 - [x@1 a=\"q\\\"b\\]c\"] hi",
                        Map.of("facility", "authpriv", "severity", "info", "sd.x@1.a", "q\"b]c", "pid", "42",
                                "message", "hi"),
                        Instant.parse("2024-01-02T01:04:05Z")),
                Arguments.of("RFC 5424 all nil",
                        "<14>1 - - - - - -",
                        Map.of("host", "", "app", "", "message", ""),
                        null),
                Arguments.of("RFC 3164 with PRI",
                        "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
                        Map.of("facility", "auth", "severity", "crit", "host", "mymachine", "app", "su",
                                "message", "'su root' failed for lonvick on /dev/pts/8"),
                        Instant.parse("2023-10-11T22:14:15Z")),
                Arguments.of("RFC 3164 file line without PRI, padded day",
                        "Jan  1 00:00:01 host sshd[123]: Accepted password for root",
                        Map.of("host", "host", "app", "sshd", "pid", "123", "message", "Accepted password for root"),
                        Instant.parse("2024-01-01T00:00:01Z")),
                Arguments.of("tag with parentheses",
                        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure;",
                        Map.of("app", "sshd(pam_unix)", "pid", "19939"),
                        Instant.parse("2023-06-14T15:16:01Z")),
                Arguments.of("no tag",
                        "Jan 22 07:54:32 myhostname.myhost.com Job `cron.daily' terminated",
                        Map.of("host", "myhostname.myhost.com", "app", "", "message", "Job `cron.daily' terminated"),
                        Instant.parse("2024-01-22T07:54:32Z")),
                Arguments.of("no host",
                        "Mar 11 09:39:39: --- last message repeated 5 times ---",
                        Map.of("host", "", "message", "--- last message repeated 5 times ---"),
                        Instant.parse("2024-03-11T09:39:39Z")),
                Arguments.of("rsyslog ISO timestamp",
                        "2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.",
                        Map.of("host", "localhost", "app", "systemd", "pid", "1"),
                        Instant.parse("2020-05-31T00:00:45.738158Z")),
                Arguments.of("leap day takes the last leap year",
                        "Feb 29 01:15:43 h app: x",
                        Map.of("app", "app"),
                        Instant.parse("2024-02-29T01:15:43Z")));
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

    @Test
    void withoutPriorityThereIsNoFacilityOrSeverity() throws IOException {
        assertThat(Reading.read(format, "Jan  1 00:00:01 host sshd[123]: x\n").texts(0))
                .doesNotContainKeys("facility", "severity");
    }

    @Test
    void continuationLinesJoinThePreviousMessage() throws IOException {
        Reading.Result result = Reading.read(format, """
                stray first line
                <14>1 2021-03-06T04:07:38.251280+00:00 hostname log_tag - - -  this is info
                with another line
                <14>1 2021-03-06T04:07:39+00:00 hostname log_tag - - - next
                """);

        assertThat(result.events()).extracting(event -> event.get("message").text())
                .containsExactly("this is info\nwith another line", "next");
        assertThat(result.events()).extracting(event -> event.origin().record()).containsExactly(2L, 4L);
        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(1));
    }

    @Test
    void yearComesFromTheModificationTimeAndGoesBackAcrossNewYear() throws IOException {
        List<dev.vigil.ingest.InputProblem> problems = new ArrayList<>();
        byte[] bytes = "Dec 31 23:59:59 h a: old\nJan  1 00:00:01 h a: new\n".getBytes(StandardCharsets.UTF_8);
        Reading.Result result = Reading.drain(format.open(new ByteArrayInputStream(bytes), "f",
                Instant.parse("2019-01-01T08:00:00Z"), problems::add), problems);

        assertThat(result.events()).extracting(event -> event.timestamp()).containsExactly(
                Instant.parse("2018-12-31T23:59:59Z"), Instant.parse("2019-01-01T00:00:01Z"));
    }

    @Test
    void sniffsSyslogButNotOtherText() {
        byte[] syslog = "Jan  1 00:00:01 host sshd[123]: x\n<13>1 - - - - - - y\n".getBytes(StandardCharsets.UTF_8);
        byte[] other = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
        assertThat(format.sniff("auth.log", syslog, syslog.length)).isEqualTo(70);
        assertThat(format.sniff("notes", other, other.length)).isZero();
    }
}
