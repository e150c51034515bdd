package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * A top-level array of objects, streamed element by element. Each event's record number is the line where its
 * object starts. Malformed JSON inside an array cannot be resynchronised, so it is reported once and the rest of
 * the source is skipped; an element that is not an object is reported and skipped.
 */
final class JsonArrayReader implements EventReader {
    private final InputStream input;
    private final JsonParser parser;
    private final String source;
    private final ProblemListener problems;
    private boolean started;
    private boolean finished;
    private JsonStreamContext arrayContext;
    private final boolean sequence;

    JsonArrayReader(InputStream input, String source, ProblemListener problems) throws IOException {
        this(input, source, problems, false);
    }

    /**
     * With {@code sequence}, the input is not one array but a sequence of top-level objects that may span lines
     * (pretty-printed JSON, as evtx_dump writes it).
     */
    JsonArrayReader(InputStream input, String source, ProblemListener problems, boolean sequence) throws IOException {
        this.sequence = sequence;
        this.input = requireNonNull(input, "input is null");
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
        // Always UTF-8 with replacement: Jackson's own encoding detection would fail on bytes that look like UTF-32.
        this.parser = JsonFlattener.factory().createParser(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    @Override
    public Event next() throws IOException {
        if (finished) {
            return null;
        }
        try {
            if (!started && sequence) {
                started = true;
                arrayContext = parser.getParsingContext();
            }
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    return stop(1, "expected a JSON array, found " + JsonFlattener.describe(first));
                }
                arrayContext = parser.getParsingContext();
            }
            while (true) {
                JsonToken token = parser.nextToken();
                long line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.END_ARRAY) {
                    JsonToken after = parser.nextToken();
                    if (after != null) {
                        return stop(parser.currentTokenLocation().getLineNr(), "unexpected text after the array");
                    }
                    finished = true;
                    return null;
                }
                if (token == null) {
                    if (sequence) {
                        finished = true;
                        return null;
                    }
                    return stop(line, "unexpected end of input inside the array");
                }
                if (token != JsonToken.START_OBJECT) {
                    problems.problem(new InputProblem(source, line,
                            "expected a JSON object, found " + JsonFlattener.describe(token) + "; skipped"));
                    parser.skipChildren();
                    continue;
                }
                FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, JsonFormat.NAME, line));
                try {
                    JsonFlattener.readObject(parser, builder);
                } catch (JsonFlattener.RecordTooLargeException tooLarge) {
                    problems.problem(new InputProblem(source, line, tooLarge.getMessage() + ", skipped"));
                    skipToArrayLevel();
                    continue;
                }
                return builder.build();
            }
        } catch (JsonProcessingException | MalformedJsonException malformed) {
            long line = malformed instanceof JsonProcessingException processing && processing.getLocation() != null
                    ? processing.getLocation().getLineNr()
                    : parser.currentLocation().getLineNr();
            return stop(line, "malformed JSON: " + JsonFlattener.message(malformed) + (sequence ? "; rest of the file skipped" : "; rest of the array skipped"));
        }
    }

    /** Skips the rest of an element, holding nothing, until the parser is back in the top-level array. */
    private void skipToArrayLevel() throws IOException {
        while (parser.getParsingContext() != arrayContext) {
            if (parser.nextToken() == null) {
                return;
            }
        }
    }

    private Event stop(long line, String message) {
        finished = true;
        problems.problem(new InputProblem(source, Math.max(line, 0), message));
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            input.close();
        }
    }
}
