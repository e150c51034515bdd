package dev.vigil.ingest.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an NDJSON body into its lines, each checked to be exactly one JSON object: LF ends a line, a CR before it
 * is dropped, blank lines are skipped. The whole batch is checked before any line is used, so a bad line rejects the
 * batch and names its 1-based line number.
 */
public final class NdjsonBatch {
    /** A line of the batch is not one JSON object. */
    public static final class BatchException extends Exception {
        private final int line;

        public BatchException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private NdjsonBatch() {
    }

    public static List<byte[]> split(byte[] body) throws BatchException {
        List<byte[]> lines = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < body.length) {
            lineNumber++;
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!blank(body, start, stop)) {
                byte[] line = Arrays.copyOfRange(body, start, stop);
                check(line, lineNumber);
                lines.add(line);
            }
            start = end + 1;
        }
        return lines;
    }

    private static boolean blank(byte[] body, int start, int stop) {
        for (int i = start; i < stop; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static void check(byte[] line, int lineNumber) throws BatchException {
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BatchException(lineNumber, "not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new BatchException(lineNumber, "more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            int cut = reason.indexOf(" (for ");
            reason = cut < 0 ? reason : reason.substring(0, cut);
            String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
            throw new BatchException(lineNumber, "not JSON: " + reason.replace('\n', ' ') + column);
        } catch (IOException e) {
            throw new BatchException(lineNumber, "not JSON: " + e.getMessage());
        }
    }
}
