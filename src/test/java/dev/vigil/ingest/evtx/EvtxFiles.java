package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: the EVTX files under a folder, and a file read whole into events and problems. */
final class EvtxFiles {
    private EvtxFiles() {
    }

    record Read(List<Event> events, List<InputProblem> problems) {
    }

    static List<Path> under(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.getFileName().toString().endsWith(".evtx")).sorted().toList();
        }
    }

    static Read read(Path file, boolean carve) throws IOException {
        List<Event> events = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        try (InputStream input = Files.newInputStream(file);
             EvtxReader reader = EvtxReader.open(input, file.toString(), carve, problems::add)) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return new Read(events, problems);
    }

    static List<Event> drain(EventReader reader) throws IOException {
        List<Event> events = new ArrayList<>();
        try (reader) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** Every field of an event as text, in order. */
    static Map<String, String> fields(Event event) {
        Map<String, String> fields = new LinkedHashMap<>();
        event.forEachField((name, value) -> fields.put(name, value.text()));
        return fields;
    }
}
