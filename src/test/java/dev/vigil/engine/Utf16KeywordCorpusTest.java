package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record of every EVTX file of the shared corpus ({@code evtx/} and SigmaHQ's {@code regression_data}): the
 * keyword tests fired with the values the reader offers as UTF-16LE bytes equal those fired with every value decoded,
 * record by record, for the "Mimikatz Use" keywords (a skip scanner) and for short and non-ASCII keywords (an
 * automaton); and each value offered as bytes decodes to the text {@link Event#forEachField} gives.
 */
class Utf16KeywordCorpusTest {

    @Test
    void bytesFireWhatDecodingEveryValueFires() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("evtx", "sigma/regression_data")) {
            try (Stream<Path> walk = Files.walk(SharedData.require(folder))) {
                walk.filter(path -> path.toString().endsWith(".evtx")).sorted().forEach(files::add);
            }
        }
        // The Mimikatz keywords hardly occur in the corpus; common words of Windows logs, also long ASCII literals
        // (a skip scanner), make the byte scan find occurrences on real records too.
        List<Detector> detectors = List.of(Utf16ScanTest.keywordDetector(Utf16ScanTest.MIMIKATZ),
                Utf16ScanTest.keywordDetector(Utf16ScanTest.MIXED),
                Utf16ScanTest.keywordDetector(List.of("powershell", "system32", "svchost.exe", "Microsoft-Windows-")));
        InputFiles input = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        ScanMemo memo = new ScanMemo();
        // records, values offered as bytes, other values, records with a keyword (either set), values skipped unread,
        // records where a keyword of the common words fired
        long[] counts = new long[6];
        for (Path file : files) {
            try (EventReader reader = input.open(file)) {
                Event event;
                while ((event = reader.next()) != null) {
                    compare(file, event, detectors, memo, counts);
                }
            }
        }
        assertThat(files).as("EVTX files").hasSizeGreaterThan(100);
        assertThat(counts[0]).as("records").isGreaterThan(10_000);
        assertThat(counts[1]).as("values offered as bytes").isGreaterThan(counts[2] / 4);
        assertThat(counts[3]).as("records with a keyword").isPositive();
        assertThat(counts[4]).as("fixed-alphabet values skipped without decoding").isPositive();
        assertThat(counts[5]).as("records where a common word fired").isGreaterThan(1000);
    }

    private static void compare(Path file, Event event, List<Detector> detectors, ScanMemo memo, long[] counts) {
        counts[0]++;
        // First, what a visitor that wants no fixed-alphabet value is offered (it decodes no such value): the
        // values it is not offered are those the scan may skip.
        long[] unskipped = {0};
        event.forEachValueText(new Event.TextVisitor() {
            @Override
            public void utf16(byte[] bytes, int from, int to) {
                unskipped[0]++;
            }

            @Override
            public void value(Value value) {
                unskipped[0]++;
            }

            @Override
            public boolean wants(long low, long high) {
                return false;
            }
        });
        // The scans by bytes run before anything else decodes the values, so that the skip is taken where it can be.
        List<EventView> bytes = new ArrayList<>();
        for (Detector detector : detectors) {
            Router.Route route = detector.route(event);
            if (route != null) {
                EventView view = route.view(event);
                route.prefilter().scan(view, memo);
                bytes.add(view);
            }
        }
        // What the event offers a visitor that wants every value (a value decoded by now is offered as it is).
        List<Object> offered = new ArrayList<>();
        event.forEachValueText(new Event.TextVisitor() {
            @Override
            public void utf16(byte[] bytes, int from, int to) {
                if ((to - from) % 2 != 0) {
                    throw new AssertionError(file + " record " + event.origin() + ": odd UTF-16 range");
                }
                offered.add(new String(bytes, from, to - from, StandardCharsets.UTF_16LE));
                counts[1]++;
            }

            @Override
            public void value(Value value) {
                offered.add(value);
                counts[2]++;
            }
        });
        counts[4] += offered.size() - unskipped[0];
        Event decoding = new EvtxKeywordProfile.Decoded(event);
        int at = 0;
        for (Detector detector : detectors) {
            Router.Route route = detector.route(decoding);
            if (route != null) {
                EventView view = route.view(decoding);
                route.prefilter().scan(view, memo);
                if (!Arrays.equals(bytes.get(at).firedTests(), view.firedTests())) {
                    assertThat(bytes.get(at).firedTests()).as("%s record %s", file, event.origin())
                            .isEqualTo(view.firedTests());
                }
                boolean fired = Arrays.stream(view.firedTests()).anyMatch(word -> word != 0);
                counts[3] += fired ? 1 : 0;
                counts[5] += fired && detector == detectors.get(2) ? 1 : 0;
                at++;
            }
        }
        assertThat(at).as("routed alike").isEqualTo(bytes.size());
        List<Value> values = new ArrayList<>();
        event.forEachField((name, value) -> values.add(value));
        boolean same = offered.size() == values.size();
        for (int i = 0; same && i < values.size(); i++) {
            same = offered.get(i) instanceof String text
                    ? values.get(i).getClass() == Value.Text.class && values.get(i).text().equals(text)
                    : offered.get(i).equals(values.get(i));
        }
        if (!same) {
            assertThat(offered).as("%s record %s: offered as bytes (Strings) or values", file, event.origin())
                    .isEqualTo(values);
        }
    }
}
