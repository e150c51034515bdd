package dev.vigil.runtime;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Every event of some files or folders, one file after another in the order hunt expands them, on one thread. */
final class EventFiles {
    private EventFiles() {
    }

    interface Visitor {
        void visit(Event event) throws IOException;
    }

    /** How many files and events were read. */
    record Read(long files, long events) {
    }

    static Read each(InputFormats formats, List<Path> paths, ProblemListener problems, Visitor visitor) throws IOException {
        InputFiles files = new InputFiles(formats, problems);
        long fileCount = 0;
        long events = 0;
        for (Path file : files.expand(paths)) {
            fileCount++;
            try (EventReader reader = files.open(file)) {
                Event event;
                while ((event = reader.next()) != null) {
                    events++;
                    visitor.visit(event);
                }
            }
        }
        return new Read(fileCount, events);
    }
}
