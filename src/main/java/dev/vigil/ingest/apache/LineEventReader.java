package dev.vigil.ingest.apache;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/** One event per non-blank line; a line the parser rejects is reported with its reason and skipped. */
final class LineEventReader implements EventReader {
    private final InputStream input;
    private final LineReader lines;
    private final String source;
    private final ProblemListener problems;
    private final BiFunction<LineReader.Line, String, ParsedLine> parser;

    /** What the line parser made of one line: an event, or why there is none. */
    record ParsedLine(Optional<Event> event, String problem) {
        static ParsedLine of(Event event) {
            return new ParsedLine(Optional.of(event), null);
        }

        static ParsedLine rejected(String problem) {
            return new ParsedLine(Optional.empty(), requireNonNull(problem, "problem is null"));
        }
    }

    LineEventReader(InputStream input, String source, ProblemListener problems,
                    BiFunction<LineReader.Line, String, ParsedLine> parser) {
        this.input = requireNonNull(input, "input is null");
        this.lines = new LineReader(input, LineReader.DEFAULT_MAX_LENGTH);
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.parser = requireNonNull(parser, "parser is null");
    }

    @Override
    public Event next() throws IOException {
        LineReader.Line line;
        while ((line = lines.nextRecord(source, problems)) != null) {
            ParsedLine parsed = parser.apply(line, source);
            if (parsed.event().isPresent()) {
                return parsed.event().get();
            }
            problems.problem(new InputProblem(source, line.number(), parsed.problem()));
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
