package dev.vigil.ingest.uls;

import dev.vigil.event.Event;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class UlsFormatTest {
    private static final String FIXTURE = "/dev/vigil/ingest/uls/SP-WFE01-20250718-1400.log";

    private static byte[] fixture() throws IOException {
        try (InputStream input = UlsFormatTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(input).as(FIXTURE).isNotNull();
            return input.readAllBytes();
        }
    }

    private static Event byLine(Reading.Result result, long line) {
        return result.events().stream().filter(event -> event.origin().record() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no event from line " + line + ": " + result.events()));
    }

    @Test
    void readsPaddedHeaderAndStripsCells() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(), fixture());

        Event request = byLine(result, 3);
        assertThat(Reading.Result.texts(request)).containsExactly(
                entry("Timestamp", "07/18/2025 14:06:12.34"),
                entry("Process", "w3wp.exe (0x2F1C)"),
                entry("TID", "0x1B44"),
                entry("Area", "SharePoint Foundation"),
                entry("Category", "Logging Correlation Data"),
                entry("EventID", "xmnv"),
                entry("Level", "Medium"),
                entry("Message",
                        "Name=Request (POST:https://sharepoint.northwindtraders.com:443/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx)"),
                entry("Correlation", "0c7a1ba1-d3f4-4e10-9b1e-5c2f7e0e3a11"));
        assertThat(request.timestamp()).isEqualTo(Instant.parse("2025-07-18T14:06:12.340Z"));
        assertThat(request.origin().format()).isEqualTo("sharepoint-uls");
    }

    @Test
    void joinsContinuationLinesOfOneThreadAcrossOtherThreadsLines() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(), fixture());

        Event joined = byLine(result, 4);
        assertThat(joined.get("Message").text()).isEqualTo(
                "Application error when access /_layouts/15/ToolPane.aspx, Error=Exception has been thrown by the target"
                        + " of an invocation.    at System.RuntimeMethodHandle.InvokeMethod(Object target, Object[] arguments,"
                        + " Signature sig, Boolean constructor)     at Microsoft.PerformancePoint.Scorecards.ExcelDataSet.get_DataTable()");
        assertThat(joined.rawText()).contains("\n").contains("*");
        // The timer line between the pieces is its own event, and no piece is an event of its own.
        assertThat(byLine(result, 5).get("Message").text()).isEqualTo("Job Usage Data Import finished");
        assertThat(result.events()).noneMatch(event -> event.origin().record() == 6 || event.origin().record() == 7);
    }

    @Test
    void reportsBadTimestampsAndOrphanedContinuationsAndKeepsTabsInMessages() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(), fixture());

        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0).line()).isEqualTo(9);
        assertThat(result.problems().get(0).message()).contains("not MM/dd/yyyy HH:mm:ss.ff");
        assertThat(result.problems().get(1).line()).isEqualTo(10);
        assertThat(result.problems().get(1).message()).contains("without the line it continues");
        assertThat(byLine(result, 10).get("Message").text()).isEqualTo("orphaned piece whose start was rotated away");
        assertThat(byLine(result, 12).get("Message").text()).isEqualTo("Column one\tcolumn two of a message with a tab");
        assertThat(byLine(result, 12).get("Correlation").text()).isEqualTo("5f0e2b6a-8c44-4d7e-a2a9-1de3c9b7f802");
        // 11 data lines: one skipped, two pieces joined into their start.
        assertThat(result.events()).hasSize(8);
    }

    @Test
    void readsTimesInTheGivenZone() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(ZoneId.of("America/New_York")), fixture());

        assertThat(byLine(result, 3).timestamp()).isEqualTo(Instant.parse("2025-07-18T18:06:12.340Z"));
    }

    @Test
    void readsUtf16WithByteOrderMarkAndNewerColumnSets() throws IOException {
        String text = "Timestamp\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\tServer\t\r\n"
                + "07/19/2025 07:29:02.118\tw3wp.exe (0x2F1C)\t0x1B44\tSharePoint Foundation\tGeneral\t8nca\tMedium\tok\t\tSP-WFE01\r\n";
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);

        Reading.Result result = Reading.read(new UlsFormat(), utf16);

        assertThat(result.problems()).isEmpty();
        assertThat(result.only().get("Server").text()).isEqualTo("SP-WFE01");
        assertThat(result.only().get("Correlation").text()).isEmpty();
        assertThat(result.only().timestamp()).isEqualTo(Instant.parse("2025-07-19T07:29:02.118Z"));
        assertThat(new UlsFormat().sniff("x.log", utf16, utf16.length)).isEqualTo(95);
    }

    @Test
    void aMessageEndingInDotsIsStillEmittedAtTheEnd() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(),
                "07/19/2025 07:29:02.11\tw3wp.exe (0x1)\t0x2\tA\tC\tx\tMedium\tLoading...\tc\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.only().get("Message").text()).isEqualTo("Loading");
        assertThat(result.only().get("Timestamp").text()).isEqualTo("07/19/2025 07:29:02.11");
    }

    @Test
    void reportsShortLines() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(),
                "Timestamp\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\n07/19/2025 07:29:02.11\tw3wp.exe\n");

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).contains("expected 9 tab-separated columns");
        });
    }

    static Stream<Arguments> sniffCases() {
        return Stream.of(
                Arguments.of("header", "Timestamp              \tProcess   \tTID   \tArea\tCategory\tEventID\tLevel\tMessage \tCorrelation\n", 95),
                Arguments.of("data line without header", "07/18/2025 14:06:12.34 \tw3wp.exe (0x2F1C)\t0x1B44\tA\tC\txmnv\tMedium\tm\tc\n", 70),
                Arguments.of("W3C log", "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time\n", 0),
                Arguments.of("tab-separated other header", "Time\tProcess\tMessage\n", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sniffCases")
    void sniffs(String name, String head, int expected) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        assertThat(new UlsFormat().sniff("SP-WFE01-20250718-1400.log", bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void isDetectedAmongTheStandardFormats() throws IOException {
        byte[] bytes = fixture();
        assertThat(InputFormats.standard(Clock.systemUTC()).detect("SP-WFE01-20250718-1400.log", bytes, bytes.length))
                .map(format -> format.name()).contains(UlsFormat.NAME);
    }

    @Test
    void manyOpenMessagesAreBoundedAndNoneIsLost() throws IOException {
        StringBuilder text = new StringBuilder("Timestamp\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\n");
        int threads = UlsReader.MAX_PENDING + 44;
        for (int thread = 0; thread < threads; thread++) {
            text.append("07/19/2025 07:29:02.11\tw3wp.exe (0x1)\t0x").append(thread).append("\tA\tC\tx\tMedium\tpart one of ")
                    .append(thread).append("...\tc\n");
        }
        // the last thread's message is completed; the evicted first ones are emitted as they stood
        text.append("07/19/2025 07:29:02.12*\tw3wp.exe (0x1)\t0x").append(threads - 1).append("\tA\tC\tx\tMedium\t... and two\tc\n");

        Reading.Result result = Reading.read(new UlsFormat(), text.toString());

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(threads);
        assertThat(result.events()).extracting(event -> event.get("Message").text())
                .contains("part one of 0", "part one of " + (threads - 1) + " and two");
    }

    @Test
    void aSecondHeaderReKeysTheColumns() throws IOException {
        Reading.Result result = Reading.read(new UlsFormat(),
                "Timestamp\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\n"
                        + "07/19/2025 07:29:02.11\tw3wp.exe (0x1)\t0x2\tA\tC\tx\tMedium\tfirst\tc1\n"
                        + "Timestamp\tServer\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\n"
                        + "07/19/2025 07:29:03.11\tSP-WFE02\tw3wp.exe (0x1)\t0x2\tA\tC\tx\tMedium\tsecond\tc2\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(2);
        assertThat(result.events().get(0).get("Server")).isNull();
        assertThat(result.events().get(1).get("Server").text()).isEqualTo("SP-WFE02");
        assertThat(result.events().get(1).get("Message").text()).isEqualTo("second");
    }
}
