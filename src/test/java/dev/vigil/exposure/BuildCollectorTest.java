package dev.vigil.exposure;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds per server from Exchange HttpProxy rows, as the {@code exchange-httpproxy} reader will deliver them. */
class BuildCollectorTest {
    private static long record;

    private static Event row(String server, String time, String major, String minor, String build, String revision) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("HttpProxy_2022110900-1.LOG", "exchange-httpproxy", ++record))
                .put("MajorVersion", major).put("MinorVersion", minor).put("BuildVersion", build).put("RevisionVersion", revision);
        if (server != null) {
            builder.put("ServerHostName", server);
        }
        return builder.timestamp(time == null ? null : Instant.parse(time)).build();
    }

    @Test
    void collectsEachBuildOfEachServerWithItsRowsAndTimes() {
        BuildCollector collector = new BuildCollector();
        assertThat(collector.accept(row("EX01", "2022-11-01T08:00:00Z", "15", "1", "2375", "7"))).isTrue();
        collector.accept(row("EX01", "2022-10-30T08:00:00Z", "15", "01", "2375", "007"));
        collector.accept(row("EX01", "2022-11-10T08:00:00Z", "15", "1", "2375", "37"));
        collector.accept(row("EX02", "2022-11-10T09:00:00Z", "15", "2", "1118", "20"));
        assertThat(collector.builds()).containsExactly(
                new BuildCollector.SeenBuild("EX01", Build.parse("15.1.2375.7"), 2, Optional.of(Instant.parse("2022-10-30T08:00:00Z")),
                        Optional.of(Instant.parse("2022-11-01T08:00:00Z")), "HttpProxy_2022110900-1.LOG:" + (record - 3)),
                new BuildCollector.SeenBuild("EX01", Build.parse("15.1.2375.37"), 1, Optional.of(Instant.parse("2022-11-10T08:00:00Z")),
                        Optional.of(Instant.parse("2022-11-10T08:00:00Z")), "HttpProxy_2022110900-1.LOG:" + (record - 1)),
                new BuildCollector.SeenBuild("EX02", Build.parse("15.2.1118.20"), 1, Optional.of(Instant.parse("2022-11-10T09:00:00Z")),
                        Optional.of(Instant.parse("2022-11-10T09:00:00Z")), "HttpProxy_2022110900-1.LOG:" + record));
    }

    @Test
    void otherEventsAreIgnoredAndBrokenVersionsCounted() {
        BuildCollector collector = new BuildCollector();
        Event iis = FieldEvent.builder(new Origin("u_ex221109.log", "w3c", 1)).put("cs-uri-stem", "/owa/").build();
        assertThat(collector.accept(iis)).isFalse();
        assertThat(collector.accept(row("EX01", null, "15", "1", "", "7"))).isFalse();
        assertThat(collector.accept(row("EX01", null, "15", "1", "x", "7"))).isFalse();
        assertThat(collector.builds()).isEmpty();
        assertThat(collector.unusableRows()).isEqualTo(2);
        assertThat(collector.firstUnusable().orElseThrow()).startsWith("HttpProxy_2022110900-1.LOG:").contains("'15.1..7' is not a build number");
    }

    @Test
    void aRowWithoutServerNameIsKeptUnderItsFile() {
        BuildCollector collector = new BuildCollector();
        collector.accept(row(null, null, "15", "2", "1118", "7"));
        collector.accept(row(" ", null, "15", "2", "1118", "7"));
        assertThat(collector.builds()).singleElement().satisfies(seen -> {
            assertThat(seen.server()).isEqualTo("unnamed server in HttpProxy_2022110900-1.LOG");
            assertThat(seen.rows()).isEqualTo(2);
            assertThat(seen.first()).isEmpty();
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            #Version: 15.01.2375.007 | 15.1.2375.7
            #Version: 15.02.1118.020 | 15.2.1118.20
            15.00.1497.012           | 15.0.1497.12
            '  #Version:15.02.0986.005  ' | 15.2.986.5
            """)
    void readsTheZeroPaddedVersionHeader(String header, String build) {
        assertThat(BuildCollector.parseVersionHeader(header)).contains(Build.parse(build));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            #Version: 1.0
            #Software: Microsoft Exchange Server
            #Version:
            '#Version: 15.01.2375.007 extra'
            """)
    void aHeaderWithoutABuildGivesNone(String header) {
        assertThat(BuildCollector.parseVersionHeader(header)).isEmpty();
    }

    @Test
    void headersCountAsARowWithoutTime() {
        BuildCollector collector = new BuildCollector();
        assertThat(collector.acceptVersionHeader("EX01", "#Version: 15.01.2375.007", "HttpProxy.LOG")).isTrue();
        assertThat(collector.acceptVersionHeader("EX01", "#Version: 1.0", "HttpProxy.LOG")).isFalse();
        collector.accept(row("EX01", "2022-11-01T08:00:00Z", "15", "1", "2375", "7"));
        assertThat(collector.builds()).extracting(BuildCollector.SeenBuild::rows).containsExactly(2L);
        assertThat(collector.builds().get(0).first()).contains(Instant.parse("2022-11-01T08:00:00Z"));
        assertThat(List.copyOf(BuildCollector.VERSION_FIELDS)).containsExactly("MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion");
    }
}
