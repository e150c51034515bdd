package dev.vigil.ingest.json;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * One JSON object per line; blank lines are skipped, a bad line is reported and the next one read. Lines stay UTF-8
 * bytes: {@link JsonLineScanner} checks and indexes each one, and its {@link JsonEvent} decodes fields on demand.
 */
final class JsonLinesReader implements EventReader {
    /** The largest record kept: 16 MiB. A longer line is reported and skipped without being held in memory. */
    static final int MAX_RECORD_BYTES = 16 << 20;

    private final InputStream input;
    private final LineReader lines;
    private final JsonLineScanner scanner = new JsonLineScanner();
    private final String source;
    private final ProblemListener problems;

    JsonLinesReader(InputStream input, String source, ProblemListener problems) {
        this.input = requireNonNull(input, "input is null");
        this.lines = new LineReader(input, MAX_RECORD_BYTES);
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    public Event next() throws IOException {
        LineReader.ByteLine line;
        while ((line = lines.nextRecordBytes(source, problems)) != null) {
            try {
                return scanner.scan(line.bytes(), source, line.number());
            } catch (MalformedJsonException malformed) {
                problems.problem(new InputProblem(source, line.number(), "malformed JSON: " + malformed.getMessage()));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
