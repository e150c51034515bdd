package dev.vigil.respond;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.output.JsonLinesOutput;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Lines of detections and the JSON of alerts are, byte for byte, what the Jackson generator wrote before
 * {@link JsonText} replaced it ({@link Jackson} below is that writer, kept here as the reference): on every event of
 * the shared EVTX samples and of a few OTRF archives and web logs, and on generated events whose names and values hold
 * every kind of character (controls, quotes, backslashes, DEL, non-ASCII, lone surrogates) and number-like texts.
 */
class AlertJsonTest {
    private static final List<SigmaRule> RULES = new RuleLoader().addText("rules.yml", """
            title: Plain
            id: 00000000-0000-4000-8000-000000000001
            level: high
            tags: [attack.execution, attack.t1059]
            logsource: {product: windows}
            detection: {selection: {EventID: 1}, condition: selection}
            ---
            title: "Quote \\" backslash \\\\ tab \\t bell \\a é \\u2028 ☃"
            id: 00000000-0000-4000-8000-000000000002
            level: low
            playbook: isolate-host
            logsource: {product: windows}
            detection: {selection: {EventID: 2}, condition: selection}
            ---
            title: No tags
            level: informational
            tags: []
            logsource: {product: windows}
            detection: {selection: {EventID: 3}, condition: selection}
            """).build().rules();

    @Test
    void linesAreThoseJacksonWroteOnRealEvents() throws IOException {
        List<Path> inputs = new ArrayList<>();
        inputs.add(SharedData.require("evtx"));
        inputs.add(SharedData.require("json/otrf-windows/execution"));
        inputs.add(SharedData.require("weblogs"));
        List<Detection> detections = new ArrayList<>();
        int events = 0;
        // The same detections formatted as a hunt's worker does, from the event as the reader has it (no copy).
        Live live = new Live();
        try (EventReader reader = new InputFiles(InputFormats.standard(Clock.systemUTC(), false, ZoneOffset.UTC),
                problem -> { }).openAll(inputs)) {
            Event event;
            while ((event = reader.next()) != null && events < 40_000) {
                FieldEvent kept = FieldEvent.copyOf(event);
                int rules = 1 + events % 3;
                for (int r = 0; r < rules; r++) {
                    // null and real timestamps, explanations with escapes, group-by values now and then
                    String explanation = events % 7 == 0 ? "unusual \"value\"\n\tvs\u0001 normal" : null;
                    Map<String, String> groupBy = events % 11 == 0 ? Map.of("User", "a\\b\"c", "Host", "h") : Map.of();
                    Instant time = r == 1 ? null : event.timestamp();
                    detections.add(new Detection(RULES.get(r), kept, time, explanation, groupBy));
                    live.format(new Detection(RULES.get(r), event, time, explanation, groupBy));
                }
                live.eventDone();
                events++;
            }
        }
        assertThat(events).isGreaterThan(20_000);
        assertSameBytes(detections, live.text());
    }

    /** A hunt worker's formatter ({@code JsonLinesOutput#formatter}) writing into a string. */
    private static final class Live {
        private final java.io.StringWriter out = new java.io.StringWriter();
        private final dev.vigil.runtime.DetectionSink.Formatter formatter =
                new JsonLinesOutput(new java.io.StringWriter()).formatter(out);

        void format(Detection detection) {
            try {
                formatter.format(detection);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void eventDone() {
            formatter.eventDone();
        }

        byte[] text() {
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * An event as a reader might make it: fields in a list, read only through {@link #forEachField}, a name
     * sometimes coming twice (its copy keeps the first place and the last value).
     */
    private record ListEvent(List<Map.Entry<String, Value>> fields, Origin origin) implements Event {
        @Override
        public Value get(String name) {
            throw new AssertionError("a writer reads the fields in order");
        }

        @Override
        public void forEachField(java.util.function.BiConsumer<String, Value> visitor) {
            fields.forEach(field -> visitor.accept(field.getKey(), field.getValue()));
        }

        @Override
        public Instant timestamp() {
            return null;
        }

        @Override
        public String rawText() {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void linesAreThoseJacksonWroteOnGeneratedEvents(long seed) throws IOException {
        Random random = new Random(seed);
        List<Detection> detections = new ArrayList<>();
        Live live = new Live();
        for (int i = 0; i < 400; i++) {
            List<Map.Entry<String, Value>> fields = new ArrayList<>();
            int count = random.nextInt(random.nextInt(8) == 0 ? 80 : 12);
            for (int f = 0; f < count; f++) {
                // now and then a name again (the same String or an equal one), or a long value
                String name = f > 0 && random.nextInt(6) == 0 ? fields.get(random.nextInt(f)).getKey()
                        : text(random, 8);
                name = random.nextBoolean() ? name : new String(name.toCharArray());
                Value value = random.nextInt(20) == 0 ? Value.text(text(random, 5_000)) : value(random, 0);
                fields.add(Map.entry(name, value));
            }
            ListEvent read = new ListEvent(fields, new Origin(text(random, 10), text(random, 5), random.nextLong()));
            FieldEvent event = FieldEvent.copyOf(read);
            int rules = 1 + random.nextInt(2);
            for (int r = 0; r < rules; r++) {
                Instant time = random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L);
                SigmaRule rule = RULES.get(random.nextInt(RULES.size()));
                String explanation = random.nextBoolean() ? null : text(random, 20);
                detections.add(new Detection(rule, event, time, explanation));
                live.format(new Detection(rule, read, time, explanation));
            }
            live.eventDone();
        }
        assertSameBytes(detections, live.text());
    }

    /**
     * One event object used again for every record, as a reader may do: its JSON is not taken from the event before
     * (the formatter is told when each event is done); names past the name cache's length limit, and an event of very
     * many fields followed by small ones, come out as Jackson wrote them too.
     */
    @Test
    void anEventObjectUsedAgainGivesEachRecordsOwnFields() throws IOException {
        Random random = new Random(42);
        List<Detection> detections = new ArrayList<>();
        Live live = new Live();
        List<Map.Entry<String, Value>> fields = new ArrayList<>();
        ListEvent reused = new ListEvent(fields, new Origin("reused.log", "test", 1));
        for (int i = 0; i < 300; i++) {
            fields.clear();
            int count = i == 100 ? 5_000 : 1 + random.nextInt(10);
            for (int f = 0; f < count; f++) {
                String name = random.nextInt(10) == 0 ? "long-" + "n".repeat(250 + random.nextInt(100)) + f
                        : "field" + random.nextInt(20);
                fields.add(Map.entry(name, Value.text("v" + i + "-" + f)));
            }
            FieldEvent copy = FieldEvent.copyOf(reused);
            for (int r = 0; r < 1 + i % 2; r++) {
                detections.add(new Detection(RULES.get(r), copy, null, null));
                live.format(new Detection(RULES.get(r), reused, null, null));
            }
            live.eventDone();
        }
        assertSameBytes(detections, live.text());
    }

    @Test
    void alertJsonIsWhatJacksonWrote() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            FieldEvent.Builder builder = FieldEvent.builder(new Origin("f.evtx", "evtx", i));
            for (int f = 0; f < 6; f++) {
                // surrogates included: the body escapes every one, paired or lone, in names and values alike
                builder.put(text(random, 6), Value.text(text(random, 30)));
            }
            Alert alert = Alert.of(new Detection(RULES.get(i % RULES.size()), builder.build(), null),
                    i % 2 == 0 ? Map.of() : Map.of("k\"", "v\n"));
            assertThat(new String(AlertJson.toJson(alert), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Jackson.toJson(alert), StandardCharsets.UTF_8));
        }
    }

    @Test
    void alertJsonEscapesSurrogatesAsJacksonDid() throws IOException {
        FieldEvent event = FieldEvent.builder(new Origin("f.evtx", "evtx", 1))
                .put("n\uD83D\uDE00", Value.text("hi \uD83D\uDE00, lone \uD800 and \uDC00"))
                .put("plain", Value.text("no surrogate"))
                .build();
        Alert alert = Alert.of(new Detection(RULES.get(0), event, null), Map.of());
        String body = new String(AlertJson.toJson(alert), StandardCharsets.UTF_8);
        assertThat(body).contains("\"n\\uD83D\\uDE00\":\"hi \\uD83D\\uDE00, lone \\uD800 and \\uDC00\"")
                .isEqualTo(new String(Jackson.toJson(alert), StandardCharsets.UTF_8));
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        Random random = new Random(11);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2019-04-27T15:57:27.087613200Z"), Instant.parse("1969-12-31T23:59:59.5Z")));
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 3) {
                case 0 -> random.nextLong() % 253_402_300_800L;
                case 1 -> 1_500_000_000L + random.nextInt(400_000_000);
                default -> random.nextLong() % 31_556_889_864_403_199L;
            };
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant instant : instants) {
            assertThat(new JsonText(8).instant(instant).toString()).isEqualTo("\"" + instant + "\"");
        }
    }

    @Test
    void numbersAreRecognisedAsJsonSGrammarSays() {
        Pattern grammar = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
        Random random = new Random(7);
        String alphabet = "0123456789-+.eEx ";
        int numbers = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int c = 0; c < length; c++) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            boolean expected = grammar.matcher(text).matches();
            numbers += expected ? 1 : 0;
            assertThat(JsonText.isJsonNumber(text.toString())).as("'%s'", text).isEqualTo(expected);
        }
        assertThat(numbers).isGreaterThan(10_000);
    }

    private static void assertSameBytes(List<Detection> detections, byte[] live) throws IOException {
        byte[] expected = assertSameBytes(detections);
        assertSameBytes(expected, live);
    }

    private static byte[] assertSameBytes(List<Detection> detections) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (Jackson.Lines old = new Jackson.Lines(new OutputStreamWriter(expected, StandardCharsets.UTF_8))) {
            for (Detection detection : detections) {
                old.accept(detection);
            }
        }
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(actual, StandardCharsets.UTF_8);
             JsonLinesOutput now = new JsonLinesOutput(writer)) {
            for (Detection detection : detections) {
                now.accept(detection);
            }
        }
        byte[] e = expected.toByteArray();
        assertSameBytes(e, actual.toByteArray());
        assertThat(e.length).isGreaterThan(detections.size() * 100);
        return e;
    }

    private static void assertSameBytes(byte[] e, byte[] a) {
        int at = java.util.Arrays.mismatch(a, e);
        assertThat(at).as("first difference at byte %d of %d: %s", at, e.length,
                at < 0 ? "" : new String(a, Math.max(0, at - 80), Math.min(160, a.length - Math.max(0, at - 80)),
                        StandardCharsets.UTF_8)).isEqualTo(-1);
    }

    /** Text from every range that matters to escaping, lone surrogates included. */
    private static String text(Random random, int maximum) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maximum + 1);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(8)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> "\"\\/\u007f".charAt(random.nextInt(4));
                case 2 -> (char) (0x80 + random.nextInt(0x780));
                case 3 -> (char) (0xd800 + random.nextInt(0x800));
                case 4 -> (char) random.nextInt(0x10000);
                default -> (char) (0x20 + random.nextInt(0x5f));
            });
        }
        return text.toString();
    }

    private static Value value(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 6 : 5)) {
            case 0 -> new Value.Number(random.nextBoolean() ? Long.toString(random.nextLong())
                    : List.of("0x1F", "1.5e3", "-0", "01", "1.", ".5", "1e", "-", "NaN", "12.25E-4", "").get(random.nextInt(11)));
            case 1 -> new Value.Bool(random.nextBoolean());
            case 2 -> Value.Null.INSTANCE;
            case 5 -> {
                List<Value> items = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    items.add(value(random, depth + 1));
                }
                yield new Value.Array(items);
            }
            default -> Value.text(text(random, 40));
        };
    }

    /** The writer this test replaced: Jackson's generator, as {@code AlertJson} and {@code JsonLinesOutput} used it. */
    static final class Jackson {
        private static final JsonFactory FACTORY = new JsonFactory();
        private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

        static byte[] toJson(Alert alert) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
                generator.writeStartObject();
                generator.writeStringField("alert_id", alert.id());
                writeDetectionFields(generator, alert.detection());
                writeGroupBy(generator, alert.groupBy());
                generator.writeEndObject();
            }
            return bytes.toByteArray();
        }

        static final class Lines implements AutoCloseable {
            private final Writer writer;
            private final JsonGenerator generator;

            Lines(Writer writer) throws IOException {
                this.writer = writer;
                this.generator = new JsonFactory().createGenerator(writer);
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                generator.setRootValueSeparator(null);
            }

            void accept(Detection detection) throws IOException {
                generator.writeStartObject();
                writeDetectionFields(generator, detection);
                if (!detection.groupBy().isEmpty()) {
                    writeGroupBy(generator, detection.groupBy());
                }
                generator.writeEndObject();
                generator.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                generator.close();
                writer.close();
            }
        }

        static void writeDetectionFields(JsonGenerator generator, Detection detection) throws IOException {
            if (detection.timestamp() == null) {
                generator.writeNullField("timestamp");
            } else {
                generator.writeStringField("timestamp", detection.timestamp().toString());
            }
            generator.writeStringField("rule_id", detection.rule().id());
            generator.writeStringField("rule_title", detection.rule().title());
            generator.writeStringField("level", detection.rule().level().label());
            generator.writeArrayFieldStart("tags");
            for (String tag : detection.rule().tags()) {
                generator.writeString(tag);
            }
            generator.writeEndArray();
            generator.writeStringField("playbook", detection.rule().playbook());
            generator.writeStringField("explanation", detection.explanation());
            generator.writeStringField("source_file", detection.event().origin().source());
            generator.writeStringField("source_format", detection.event().origin().format());
            generator.writeNumberField("record", detection.event().origin().record());
            generator.writeFieldName("event");
            generator.writeStartObject();
            Map<String, Value> fields = new LinkedHashMap<>();
            detection.event().forEachField(fields::put);
            for (Map.Entry<String, Value> field : fields.entrySet()) {
                generator.writeFieldName(field.getKey());
                writeValue(generator, field.getValue());
            }
            generator.writeEndObject();
        }

        static void writeGroupBy(JsonGenerator generator, Map<String, String> groupBy) throws IOException {
            generator.writeObjectFieldStart("group_by");
            for (Map.Entry<String, String> entry : groupBy.entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
        }

        static void writeValue(JsonGenerator generator, Value value) throws IOException {
            if (value instanceof Value.Text text) {
                generator.writeString(text.text());
            } else if (value instanceof Value.Number number) {
                if (JSON_NUMBER.matcher(number.text()).matches()) {
                    generator.writeNumber(number.text());
                } else {
                    generator.writeString(number.text());
                }
            } else if (value instanceof Value.Bool bool) {
                generator.writeBoolean(bool.value());
            } else if (value instanceof Value.Null) {
                generator.writeNull();
            } else if (value instanceof Value.Array array) {
                generator.writeStartArray();
                for (Value item : array.items()) {
                    writeValue(generator, item);
                }
                generator.writeEndArray();
            } else {
                throw new UncheckedIOException(new IOException("unknown value " + value));
            }
        }
    }
}
