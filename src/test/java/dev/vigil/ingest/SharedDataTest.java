package dev.vigil.ingest;

import dev.vigil.event.Event;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the real logs in the shared corpus with format detection, and checks counts against what the files hold. */
class SharedDataTest {
    private final InputFormats formats = InputFormats.standard(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));

    private Reading.Result readAll(Path path) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        try (EventReader reader = new InputFiles(formats, problems::add).openAll(List.of(path))) {
            return Reading.drain(reader, problems);
        }
    }

    private static Map<String, Long> countBy(List<Event> events, Function<Event, String> key) {
        return events.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    @Test
    void iisSamplesReadAsW3cWithTimestamps() throws IOException {
        Reading.Result result = readAll(SharedData.require("weblogs/plaso-iis/test_data/iis"));

        Map<String, Long> perFile = countBy(result.events(), event -> Path.of(event.origin().source()).getFileName().toString());
        System.out.println("IIS events per file: " + perFile + "; problems: " + result.problems());
        assertThat(result.events()).allSatisfy(event -> {
            assertThat(event.origin().format()).isEqualTo("w3c");
            assertThat(event.timestamp()).isNotNull();
        });
        assertThat(perFile).containsEntry("iis10.log", 1L).containsEntry("iis6.log", 12L)
                .containsEntry("iis_without_date.log", 11L);
        assertThat(result.events()).filteredOn(event -> event.get("cs(User-Agent)") != null)
                .anySatisfy(event -> assertThat(event.get("cs(User-Agent)").text()).contains("Mozilla/5.0+(Windows+NT"));
        // Every data line of the seven samples (47 lines) is an event, including the double-space lines of
        // iis10_edge_cases.log, which runs of spaces as one separator make fit their #Fields.
        assertThat(result.events()).hasSize(47);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void loghubSamplesReadEveryLine() throws IOException {
        for (String name : List.of("Linux/Linux_2k.log", "OpenSSH/OpenSSH_2k.log", "Apache/Apache_2k.log")) {
            Reading.Result result = readAll(SharedData.require("syslog/loghub/" + name));
            System.out.println(name + ": " + result.events().size() + " events as "
                    + countBy(result.events(), event -> event.origin().format()) + ", " + result.problems().size() + " problems");
            assertThat(result.events()).as(name).hasSize(2000);
            assertThat(result.problems()).as(name).isEmpty();
            assertThat(result.events()).as(name).allSatisfy(event -> assertThat(event.timestamp()).isNotNull());
        }
    }

    @Test
    void plasoSyslogSamplesReadWithFewProblems() throws IOException {
        Reading.Result result = readAll(SharedData.require("syslog/plaso-test_data/test_data/syslog"));

        Map<String, Long> perFile = countBy(result.events(), event -> Path.of(event.origin().source()).getFileName().toString());
        System.out.println("plaso syslog events per file: " + perFile + "; problems: " + result.problems());
        assertThat(result.events()).allSatisfy(event -> assertThat(event.origin().format()).isEqualTo("syslog"));
        assertThat(perFile).containsEntry("syslog_rsyslog_SyslogProtocol23Format", 9L);
        assertThat(result.problems()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void otrfZipHasOneEventPerJsonLine() throws IOException {
        // `unzip -p msf_record_mic.zip | wc -l` counts 6202 lines, each one JSON object.
        Reading.Result result = readAll(SharedData.require("json/otrf-windows/collection/host/msf_record_mic.zip"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(6202);
        Event first = result.events().get(0);
        assertThat(first.origin().source()).endsWith("msf_record_mic.zip!msf_record_mic_2020-06-09225055.json");
        assertThat(first.origin().format()).isEqualTo("json");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2020-06-10T02:50:56.537Z"));
        assertThat(first.get("Keywords").text()).isEqualTo("-9223372036854775808");
    }
}
