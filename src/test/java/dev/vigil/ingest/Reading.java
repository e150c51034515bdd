package dev.vigil.ingest;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Value;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test support: reads a whole source into events and problems. */
public final class Reading {
    /** Stops runaway readers in tests: no test input has nearly this many records. */
    private static final int MAX_EVENTS = 5_000_000;

    private Reading() {
    }

    /** Everything one read produced. */
    public record Result(List<Event> events, List<InputProblem> problems) {
        public Event only() {
            if (events.size() != 1) {
                throw new AssertionError("expected one event, got " + events.size() + ": " + events + " problems " + problems);
            }
            return events.get(0);
        }

        /** The fields of event {@code index} as texts, in source order. */
        public Map<String, String> texts(int index) {
            return texts(events.get(index));
        }

        public static Map<String, String> texts(Event event) {
            Map<String, String> texts = new LinkedHashMap<>();
            event.forEachField((name, value) -> texts.put(name, value.text()));
            return texts;
        }

        public static Map<String, Value> values(Event event) {
            return FieldEvent.copyOf(event).fields();
        }
    }

    public static Result read(InputFormat format, String text) throws IOException {
        return read(format, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Result read(InputFormat format, byte[] bytes) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        try (EventReader reader = format.open(new ByteArrayInputStream(bytes), "test.log", problems::add)) {
            return drain(reader, problems);
        }
    }

    public static Result drain(EventReader reader, List<InputProblem> problems) throws IOException {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = reader.next()) != null) {
            events.add(event);
            if (events.size() > MAX_EVENTS) {
                throw new AssertionError("reader did not stop after " + MAX_EVENTS + " events");
            }
        }
        return new Result(List.copyOf(events), List.copyOf(problems));
    }
}
