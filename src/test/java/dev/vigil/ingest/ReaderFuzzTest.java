package dev.vigil.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.ingest.apache.CombinedLogFormat;
import dev.vigil.ingest.apache.ErrorLogFormat;
import dev.vigil.ingest.csv.CsvFormat;
import dev.vigil.ingest.http.HttpRequestFormat;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.ingest.m365.M365AuditCsvFormat;
import dev.vigil.ingest.syslog.SyslogFormat;
import dev.vigil.ingest.uls.UlsFormat;
import dev.vigil.ingest.w3c.W3cFormat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reader on arbitrary bytes: nothing but IOException may escape (Jazzer reports any other throwable), and
 * reading ends — each event must consume input, so a reader can never return more events than there are bytes.
 * In a plain {@code mvn test} these run once over the seed inputs in {@code ReaderFuzzTestInputs/}.
 */
class ReaderFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    static void readAll(InputFormat format, byte[] data) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        long events = 0;
        try (EventReader reader = format.open(new ByteArrayInputStream(data), "fuzz", problems::add)) {
            while (reader.next() != null) {
                events++;
                assertThat(events).isLessThanOrEqualTo(data.length);
            }
        }
        assertThat(problems.size()).isLessThanOrEqualTo(data.length + 1);
    }

    @FuzzTest(maxDuration = "5s")
    void json(byte[] data) throws IOException {
        readAll(new JsonFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void w3c(byte[] data) throws IOException {
        readAll(new W3cFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void combined(byte[] data) throws IOException {
        readAll(new CombinedLogFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void apacheError(byte[] data) throws IOException {
        readAll(new ErrorLogFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void csv(byte[] data) throws IOException {
        readAll(new CsvFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void syslog(byte[] data) throws IOException {
        readAll(new SyslogFormat(CLOCK), data);
    }

    @FuzzTest(maxDuration = "5s")
    void http(byte[] data) throws IOException {
        readAll(new HttpRequestFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void uls(byte[] data) throws IOException {
        readAll(new UlsFormat(), data);
    }

    @FuzzTest(maxDuration = "5s")
    void m365AuditCsv(byte[] data) throws IOException {
        readAll(new M365AuditCsvFormat(), data);
    }

    /** Detection over every format, then reading the file the way a hunt does (gzip and zip included). */
    @FuzzTest(maxDuration = "5s")
    void detection(byte[] data) throws IOException {
        InputFormats formats = InputFormats.standard(CLOCK);
        formats.detect("fuzz.log", data, data.length);
        formats.detect("u_ex1.csv", data, data.length);
        Path file = Files.createTempFile("vigil-fuzz", ".log");
        try {
            Files.write(file, data);
            List<InputProblem> problems = new ArrayList<>();
            try (EventReader reader = new InputFiles(formats, problems::add).open(file)) {
                long events = 0;
                while (reader.next() != null) {
                    events++;
                    assertThat(events).isLessThanOrEqualTo(data.length);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
