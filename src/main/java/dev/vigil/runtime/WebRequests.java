package dev.vigil.runtime;

import dev.vigil.anomaly.request.WebRequest;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.InputProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads web requests out of files of any format whose events carry a method and a path (raw HTTP requests, IIS W3C
 * lines), detecting each file's format as a hunt does.
 */
public final class WebRequests {
    private WebRequests() {
    }

    /** What was read: the requests, the events that were not requests, and the input problems met. */
    public record Read(List<WebRequest> requests, long otherEvents, List<InputProblem> problems) {
        public Read {
            requests = List.copyOf(requests);
            problems = List.copyOf(problems);
        }
    }

    public static Read read(List<Path> paths, Clock clock) {
        List<InputProblem> problems = new ArrayList<>();
        List<WebRequest> requests = new ArrayList<>();
        long other = 0;
        try (EventReader reader = new InputFiles(InputFormats.standard(clock), problems::add).openAll(paths)) {
            Event event;
            while ((event = reader.next()) != null) {
                WebRequest request = WebRequest.from(event);
                if (request == null) {
                    other++;
                } else {
                    requests.add(request);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return new Read(requests, other, problems);
    }
}
