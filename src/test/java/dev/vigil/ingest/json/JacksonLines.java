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

/**
 * The JSON Lines path {@link JsonLinesReader} had before its lazy events, kept as the oracle of the parity tests and
 * the baseline of {@code JsonReadBench}: each line decoded to a String, parsed by Jackson, flattened by
 * {@link JsonFlattener} into a {@link FieldEvent}.
 */
public final class JacksonLines {
    private final JsonFactory factory = JsonFlattener.factory();

    /** The event of one line, or the problem's message. */
    public record Outcome(FieldEvent event, String problem) {
    }

    /** Reads a line as the old reader did; {@code text} is the line as {@link LineReader} decodes it. */
    public Outcome parse(String text, String source, long number) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, JsonFormat.NAME, number));
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("expected a JSON object, found " + JsonFlattener.describe(first));
            }
            JsonFlattener.readObject(parser, builder);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new MalformedJsonException("unexpected text after the object");
            }
        } catch (JsonProcessingException | MalformedJsonException malformed) {
            return new Outcome(null, "malformed JSON: " + JsonFlattener.message(malformed));
        } catch (IOException cannotHappen) {
            return new Outcome(null, "malformed JSON: " + JsonFlattener.message(cannotHappen));
        }
        return new Outcome(builder.rawText(text, shortEscapesOnly(text) ? Event.RawForm.JSON : Event.RawForm.OPAQUE)
                .build(), null);
    }

    /** Whether every escape in the (valid) JSON text is a short one: no backslash-u, no escaped slash. */
    private static boolean shortEscapesOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                char escaped = text.charAt(++i);
                if (escaped == 'u' || escaped == '/') {
                    return false;
                }
            }
        }
        return true;
    }

    /** The old reader over a whole stream. */
    public static EventReader open(InputStream input, String source, ProblemListener problems) {
        JacksonLines oracle = new JacksonLines();
        LineReader lines = new LineReader(input, JsonLinesReader.MAX_RECORD_BYTES);
        return new EventReader() {
            @Override
            public Event next() throws IOException {
                LineReader.Line line;
                while ((line = lines.nextRecord(source, problems)) != null) {
                    Outcome outcome = oracle.parse(line.text(), source, line.number());
                    if (outcome.event() != null) {
                        return outcome.event();
                    }
                    problems.problem(new InputProblem(source, line.number(), outcome.problem()));
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                input.close();
            }
        };
    }
}
