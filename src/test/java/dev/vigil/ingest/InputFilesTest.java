package dev.vigil.ingest;

import dev.vigil.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputFilesTest {
    private static final String W3C = "#Software: Microsoft Internet Information Services 10.0\n"
            + "#Fields: date time cs-uri-stem\n2021-01-01 00:00:00 /a\n2021-01-01 00:00:01 /b\n";
    private static final String JSONL = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";

    private final InputFormats formats = InputFormats.standard(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final List<InputProblem> problems = new ArrayList<>();
    private final InputFiles files = new InputFiles(formats, problems::add);

    @TempDir
    Path directory;

    private Reading.Result readAll(Path... paths) throws IOException {
        try (EventReader reader = files.openAll(List.of(paths))) {
            return Reading.drain(reader, problems);
        }
    }

    @Test
    void gzipIsDetectedByMagicBytesEvenWithoutExtension() throws IOException {
        Path file = directory.resolve("u_ex210101.log");
        Files.write(file, gzip(W3C.getBytes(StandardCharsets.UTF_8)));

        Reading.Result result = readAll(file);

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).extracting(event -> event.get("cs-uri-stem").text()).containsExactly("/a", "/b");
        assertThat(result.events().get(0).origin().format()).isEqualTo("w3c");
        assertThat(result.events().get(0).origin().source()).isEqualTo(file.toString());
    }

    @Test
    void zipEntriesAreReadInOrderEachWithItsOwnFormatAndName() throws IOException {
        Path file = directory.resolve("logs.zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("W3SVC1/"));
            zip.closeEntry();
            put(zip, "W3SVC1/u_ex210101.log", W3C.getBytes(StandardCharsets.UTF_8));
            put(zip, "events/sysmon.json.gz", gzip(JSONL.getBytes(StandardCharsets.UTF_8)));
            put(zip, "__MACOSX/._junk", new byte[] {1, 2, 3});
            put(zip, "notes.bin", new byte[] {0, 1, 2, 3, 4});
        }
        Files.write(file, bytes.toByteArray());

        Reading.Result result = readAll(file);

        assertThat(result.events()).extracting(event -> event.origin().source()).containsExactly(
                file + "!W3SVC1/u_ex210101.log", file + "!W3SVC1/u_ex210101.log",
                file + "!events/sysmon.json.gz", file + "!events/sysmon.json.gz", file + "!events/sysmon.json.gz");
        assertThat(result.events()).extracting(event -> event.origin().format())
                .containsExactly("w3c", "w3c", "json", "json", "json");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.source()).isEqualTo(file + "!notes.bin");
            assertThat(problem.message()).contains("unknown format");
        });
    }

    @Test
    void directoriesExpandSortedSkippingHiddenAndBadFilesAreReportedNotFatal() throws IOException {
        Files.createDirectories(directory.resolve("b/.git"));
        Files.writeString(directory.resolve("b/2.jsonl"), "{\"a\":2}\n");
        Files.writeString(directory.resolve("b/.git/config"), "{\"a\":9}\n");
        Files.writeString(directory.resolve("a.jsonl"), "{\"a\":1}\n");
        Files.writeString(directory.resolve(".hidden.jsonl"), "{\"a\":9}\n");
        Files.write(directory.resolve("b/1-corrupt.log.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        Files.writeString(directory.resolve("b/3.evtx"), "ElfFile\0rest");
        Files.writeString(directory.resolve("b/4.txt"), "just words\n");

        Reading.Result result = readAll(directory, directory.resolve("missing.log"));

        assertThat(result.events()).extracting(event -> event.get("a").text()).containsExactly("1", "2");
        assertThat(result.problems()).extracting(problem -> problem.source()).containsExactly(
                directory.resolve("missing.log").toString(),
                directory.resolve("b/1-corrupt.log.gz").toString(),
                directory.resolve("b/3.evtx").toString(),
                directory.resolve("b/4.txt").toString());
        assertThat(result.problems().get(2).message())
                .isEqualTo("file ends after 12 bytes, inside the 4096-byte EVTX file header: no records");
    }

    @Test
    void forcedFormatOverridesDetection() throws IOException {
        Path file = directory.resolve("data.txt");
        Files.writeString(file, "x,y\n1,2\n");

        try (EventReader reader = files.open(file, formats.byName("csv"))) {
            Event event = reader.next();
            assertThat(event.get("y").text()).isEqualTo("2");
            assertThat(event.origin().format()).isEqualTo("csv");
        }
    }

    @Test
    void unknownFormatNameListsTheValidOnes() {
        assertThatThrownBy(() -> formats.byName("etl"))
                .isInstanceOf(UnknownInputFormatException.class)
                .hasMessage("unknown input format 'etl'; valid formats: evtx, json, w3c, exchange-httpproxy, exchange-ecp, exchange-oab, combined, apache-error, syslog, sharepoint-uls, m365-audit-csv, csv, http");
    }

    @Test
    void detectionPicksTheMostSpecificFormatOrNothing() {
        assertThat(detect("u_ex1.log", W3C)).isEqualTo("w3c");
        assertThat(detect("x.log", JSONL)).isEqualTo("json");
        assertThat(detect("x.log", "[{\"a\":1}]")).isEqualTo("json");
        assertThat(detect("access.log", "1.2.3.4 - - [01/Feb/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n")).isEqualTo("combined");
        assertThat(detect("error_log", "[Sun Dec 04 04:47:44 2005] [notice] ok\n")).isEqualTo("apache-error");
        assertThat(detect("auth.log", "Jan  1 00:00:01 host sshd[1]: x\n")).isEqualTo("syslog");
        assertThat(detect("report.csv", "a,b\n1,2\n")).isEqualTo("csv");
        assertThat(detect("requests.txt", "GET http://localhost:8080/a.jsp HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo("http");
        assertThat(detect("HttpProxy_1.LOG", "#Software: Microsoft Exchange Server\n#Fields: DateTime,RequestId\n")).isEqualTo("exchange-httpproxy");
        assertThat(detect("AgentLog20220913-1.LOG", "#Software: Microsoft Exchange Server\n#Log-type: Agent Log\n#Fields: Timestamp,SessionId\n")).isEqualTo("none");
        assertThat(detect("x.bin", "\u0000\u0001")).isEqualTo("none");
    }

    private String detect(String name, String head) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        return formats.detect(name, bytes, bytes.length).map(InputFormat::name).orElse("none");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }
}
