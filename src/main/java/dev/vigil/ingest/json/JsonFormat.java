package dev.vigil.ingest.json;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * JSON Lines (each line scanned into a lazily decoded event), or one top-level JSON array of objects, or pretty-printed
 * objects, streamed with Jackson's parser.
 *
 * <p>Nested objects flatten to dotted names; see {@link JsonFlattener} for arrays. Numbers keep their written text.
 */
public final class JsonFormat implements InputFormat {
    public static final String NAME = "json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String lowerName = fileName.toLowerCase(Locale.ROOT);
        boolean jsonName = lowerName.endsWith(".json") || lowerName.endsWith(".jsonl") || lowerName.endsWith(".ndjson");
        int first = firstNonWhitespace(head, length);
        if (first < 0) {
            return 0;
        }
        if (head[first] == '{') {
            int second = skipWhitespace(head, first + 1, length);
            boolean objectLike = second >= length || head[second] == '"' || head[second] == '}';
            return objectLike ? (jsonName ? 95 : 85) : 0;
        }
        if (head[first] == '[') {
            int second = skipWhitespace(head, first + 1, length);
            boolean arrayOfObjects = second >= length || head[second] == '{' || head[second] == ']';
            return arrayOfObjects ? (jsonName ? 95 : 70) : 0;
        }
        return 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input, 64 * 1024);
        buffered.mark(64 * 1024);
        int first;
        do {
            first = buffered.read();
        } while (first == ' ' || first == '\t' || first == '\r' || first == '\n' || first == 0xef || first == 0xbb
                || first == 0xbf);
        buffered.reset();
        if (first == '[') {
            return new JsonArrayReader(buffered, source, problems);
        }
        if (first == '{' && isPrettyPrinted(buffered)) {
            return new JsonArrayReader(buffered, source, problems, true);
        }
        return new JsonLinesReader(buffered, source, problems);
    }

    /**
     * Pretty-printed JSON (one object over many lines, as evtx_dump and jq write it) opens with a line holding
     * only "{"; anything else is read as JSON Lines, so that a malformed first line costs one line, not the file.
     * Looks at most at the first 64 KiB and leaves the stream where it was.
     */
    private static boolean isPrettyPrinted(BufferedInputStream buffered) throws IOException {
        buffered.mark(64 * 1024);
        byte[] head = new byte[64 * 1024];
        int length = buffered.readNBytes(head, 0, head.length);
        buffered.reset();
        int end = 0;
        while (end < length && head[end] != '\n') {
            end++;
        }
        String firstLine = new String(head, 0, end, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (firstLine.startsWith("\ufeff")) {
            firstLine = firstLine.substring(1).strip();
        }
        return firstLine.equals("{");
    }

    private static int firstNonWhitespace(byte[] head, int length) {
        int index = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            index = 3;
        }
        index = skipWhitespace(head, index, length);
        return index < length ? index : -1;
    }

    private static int skipWhitespace(byte[] head, int start, int length) {
        int index = start;
        while (index < length && (head[index] == ' ' || head[index] == '\t' || head[index] == '\r' || head[index] == '\n')) {
            index++;
        }
        return index;
    }

    /**
     * Parses single JSON lines one at a time, reusing its buffers and interned field names between them (one thread
     * at a time): for the watch pipeline, whose records come one line each, where opening a reader per line would
     * allocate its stream buffers every time.
     */
    public static final class LineParser {
        private final JsonLineScanner scanner = new JsonLineScanner();

        /** The event of a line holding one JSON object (any shape the reader knows); an exception says what is wrong. */
        public dev.vigil.event.Event parse(byte[] line, String source) throws IOException {
            return scanner.scan(line, source, 1);
        }
    }
}
