package dev.vigil.ingest.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazy JSON Lines reader against the Jackson oracle on generated input: both accept a line with equal events, or
 * both reject it (the problems name the same lines); nothing but IOException escapes, and reading ends. {@code bytes}
 * takes arbitrary input as a file of lines; {@code generated} builds a line with {@link JsonLineGenerator} from the
 * fuzzer's data, which reaches deep into the grammar sooner. In a plain {@code mvn test} both run once over the seed
 * inputs in {@code JsonLinesFuzzTestInputs/}; {@link #seededLinesReadAsJacksonReadsThem()} adds 20,000 lines from a
 * fixed seed to every run.
 */
class JsonLinesFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void bytes(byte[] data) throws IOException {
        List<InputProblem> lazyProblems = new ArrayList<>();
        List<InputProblem> oracleProblems = new ArrayList<>();
        List<Event> lazy = readAll(new JsonLinesReader(new ByteArrayInputStream(data), "fuzz", lazyProblems::add), data);
        List<Event> oracle = readAll(JacksonLines.open(new ByteArrayInputStream(data), "fuzz", oracleProblems::add), data);

        assertThat(lazyProblems).extracting(InputProblem::line)
                .as("problems %s against %s", lazyProblems, oracleProblems)
                .isEqualTo(oracleProblems.stream().map(InputProblem::line).toList());
        assertThat(lazy).hasSameSizeAs(oracle);
        for (int index = 0; index < lazy.size(); index++) {
            assertThat(Parity.difference(lazy.get(index), (FieldEvent) oracle.get(index))).isNull();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void generated(FuzzedDataProvider data) {
        byte[] line = new JsonLineGenerator(bound -> data.consumeInt(0, bound - 1)).line();
        assertThat(new Parity().check(line, "fuzz", 1)).isNull();
    }

    @Test
    void seededLinesReadAsJacksonReadsThem() {
        Random random = new Random(20261122);
        JsonLineGenerator generator = new JsonLineGenerator(random::nextInt);
        Parity parity = new Parity();
        int accepted = 0;
        for (int line = 1; line <= 20_000; line++) {
            byte[] bytes = generator.line();
            String difference = parity.check(bytes, "generated", line);
            assertThat(difference).as("line %d: %s", line, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isNull();
            accepted += new JacksonLines().parse(dev.vigil.ingest.LineReader.decode(bytes, bytes.length), "g", line)
                    .event() != null ? 1 : 0;
        }
        assertThat(accepted).as("lines both accepted").isBetween(4_000, 16_000);
    }

    /** Member names that are prefixes of one another, escaped spellings of each other, non-ASCII, spaced. */
    private static final String[] NAMES = {"a", "ab", "abc", "b", "a\\u0062", "\\/x", "\u00e9t\u00e9", "a b", "EventID",
            "Event", "x\\\"y", "\\u20ac"};

    /**
     * Lines of one source name their members in nearly the same order, which the scanner uses to skip scanning
     * names ({@link FieldNames.Name#following}); lines that mostly repeat the last one's names, with members left
     * out, swapped, nested, and spelled otherwise, read as Jackson reads them.
     */
    @Test
    void similarLinesReadAsJacksonReadsThem() {
        Random random = new Random(20261123);
        Parity parity = new Parity();
        JsonLineScanner warm = new JsonLineScanner();
        List<String> order = new ArrayList<>(List.of(NAMES));
        for (int line = 1; line <= 20_000; line++) {
            if (random.nextInt(10) == 0) {
                java.util.Collections.swap(order, random.nextInt(order.size()), random.nextInt(order.size()));
            }
            StringBuilder json = new StringBuilder();
            object(json, order, random, 0);
            byte[] bytes = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(parity.check(bytes, "similar", line)).as("line %d: %s", line, json).isNull();
            // what the line says of its raw form is what a scanner that has seen no line before says
            try {
                JsonEvent predicted = warm.scan(bytes, "similar", line);
                JsonEvent fresh = new JsonLineScanner().scan(bytes, "similar", line);
                assertThat(predicted.rawForm()).as("line %d: %s", line, json).isEqualTo(fresh.rawForm());
                assertThat(predicted.asciiRawText() != null).as("line %d: %s", line, json)
                        .isEqualTo(fresh.asciiRawText() != null);
                assertThat(predicted.mayNameHoldSpace()).as("line %d: %s", line, json).isEqualTo(fresh.mayNameHoldSpace());
            } catch (MalformedJsonException e) {
                throw new AssertionError("line " + line + ": " + json, e);
            }
        }
    }

    private static void object(StringBuilder json, List<String> order, Random random, int depth) {
        json.append('{');
        boolean first = true;
        for (String name : order) {
            if (random.nextInt(8) == 0) {
                continue;
            }
            json.append(first ? "" : ",").append('"').append(name).append("\":");
            first = false;
            switch (depth < 2 ? random.nextInt(6) : random.nextInt(3)) {
                case 0 -> json.append(random.nextInt(1000));
                case 1, 2 -> json.append("\"v").append(random.nextInt(5)).append('"');
                case 3 -> object(json, order, random, depth + 1);
                case 4 -> {
                    json.append('[');
                    object(json, order, random, depth + 1);
                    json.append(",");
                    object(json, order, random, depth + 1);
                    json.append(']');
                }
                default -> json.append("[1,\"two\"]");
            }
        }
        json.append('}');
    }

    private static List<Event> readAll(EventReader reader, byte[] data) throws IOException {
        List<Event> events = new ArrayList<>();
        try (reader) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
                assertThat(events.size()).isLessThanOrEqualTo(data.length);
            }
        }
        return events;
    }
}
