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
        List<Detector> detectors = List.of(Utf16ScanTest.keywordDetector(Utf16ScanTest.MIMIKATZ),
                Utf16ScanTest.keywordDetector(Utf16ScanTest.MIXED));
        InputFiles input = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        ScanMemo memo = new ScanMemo();
        long[] counts = new long[4]; // records, values offered as bytes, other values, records with a keyword
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
    }

    private static void compare(Path file, Event event, List<Detector> detectors, ScanMemo memo, long[] counts) {
        counts[0]++;
        // What the event offers, before anything decodes its values (a decoded value is offered as it is).
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
        Event decoding = new EvtxKeywordProfile.Decoded(event);
        List<EventView> bytes = new ArrayList<>();
        for (Detector detector : detectors) {
            Router.Route route = detector.route(event);
            if (route != null) {
                EventView view = route.view(event);
                route.prefilter().scan(view, memo);
                bytes.add(view);
            }
        }
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
                counts[3] += Arrays.stream(view.firedTests()).anyMatch(word -> word != 0) ? 1 : 0;
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
