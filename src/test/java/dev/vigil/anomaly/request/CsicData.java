package dev.vigil.anomaly.request;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.http.HttpRequestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The CSIC 2010 HTTP data set's files (gzip), read into web requests; every input problem is an error here. */
final class CsicData {
    static final String FOLDER = "anomaly/csic2010";
    static final String TRAINING = "normalTrafficTraining.txt.gz";
    static final String NORMAL = "normalTrafficValidation.txt.gz";
    static final String ANOMALOUS = "anomalousTrafficValidation.txt.gz";

    private CsicData() {
    }

    static List<WebRequest> read(Path file) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        List<WebRequest> requests = new ArrayList<>();
        try (InputStream input = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             EventReader reader = new HttpRequestFormat().open(input, file.toString(), problems::add)) {
            Event event;
            while ((event = reader.next()) != null) {
                requests.add(WebRequest.from(event));
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.size() + " input problems, first: " + problems.get(0));
        }
        return requests;
    }
}
