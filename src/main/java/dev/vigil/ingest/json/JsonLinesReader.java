package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/** One JSON object per line; blank lines are skipped, a bad line is reported and the next one read. */
final class JsonLinesReader implements EventReader {
    /** The largest record kept: 16 MiB. A longer line is reported and skipped without being held in memory. */
    static final int MAX_RECORD_BYTES = 16 << 20;

    private final JsonFactory factory = JsonFlattener.factory();
    private final InputStream input;
    private final LineReader lines;
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
        LineReader.Line line;
        while ((line = lines.nextRecord(source, problems)) != null) {
            Event event = parse(line);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    private Event parse(LineReader.Line line) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, JsonFormat.NAME, line.number()));
        try (JsonParser parser = factory.createParser(line.text())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("expected a JSON object, found " + describe(first));
            }
            JsonFlattener.readObject(parser, builder);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new MalformedJsonException("unexpected text after the object");
            }
        } catch (JsonProcessingException | MalformedJsonException malformed) {
            problems.problem(new InputProblem(source, line.number(), "malformed JSON: " + message(malformed)));
            return null;
        } catch (IOException cannotHappen) {
            // Parsing a String performs no I/O; anything else is still a malformed record.
            problems.problem(new InputProblem(source, line.number(), "malformed JSON: " + message(cannotHappen)));
            return null;
        }
        return builder.rawText(line.text(), Event.RawForm.JSON).build();
    }

    static String describe(JsonToken token) {
        return token == null ? "nothing" : token.asString() == null ? token.name() : token.asString();
    }

    static String message(IOException exception) {
        String message = exception instanceof JsonProcessingException processing
                ? processing.getOriginalMessage()
                : exception.getMessage();
        return message == null ? exception.getClass().getSimpleName() : message;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
