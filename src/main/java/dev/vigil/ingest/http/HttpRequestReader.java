package dev.vigil.ingest.http;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Reads requests line by line. A request ends where the next request line starts (or the input ends), so a body is
 * whatever non-request lines follow the blank line after the headers; its trailing blank lines are dropped and its
 * lines are joined with {@code \n}. Text is read as UTF-8 (invalid bytes become U+FFFD, as {@link LineReader} does).
 *
 * <p>Limits, each reported to the problem listener with the line: a line over {@link #MAX_LINE} bytes is skipped; a
 * request with more than {@link #MAX_HEADERS} headers keeps the first ones; a body over {@link #MAX_BODY} characters
 * is cut there. Lines before the first request line and header lines without a colon are reported and skipped.
 */
final class HttpRequestReader implements EventReader {
    static final int MAX_LINE = 1 << 20;
    static final int MAX_HEADERS = 256;
    static final int MAX_BODY = 1 << 20;
    static final String HEADER_PREFIX = "http.request.header.";

    private final InputStream input;
    private final LineReader lines;
    private final String source;
    private final ProblemListener problems;
    /** The request line read ahead (it ended the previous request), or {@code null}. */
    private LineReader.Line pending;

    HttpRequestReader(InputStream input, LineReader lines, String source, ProblemListener problems) {
        this.input = requireNonNull(input, "input is null");
        this.lines = requireNonNull(lines, "lines is null");
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    public Event next() throws IOException {
        LineReader.Line start = pending;
        pending = null;
        RequestLine requestLine = start == null ? null : RequestLine.parse(start.text());
        while (requestLine == null) {
            start = readLine();
            if (start == null) {
                return null;
            }
            requestLine = RequestLine.parse(start.text());
            if (requestLine == null && !start.text().isBlank()) {
                problem(start.number(), "not an HTTP request line, skipped");
            }
        }
        return readRequest(start, requestLine);
    }

    private Event readRequest(LineReader.Line start, RequestLine requestLine) throws IOException {
        StringBuilder raw = new StringBuilder(start.text());
        Map<String, String> headers = new LinkedHashMap<>();
        LineReader.Line line;
        boolean inBody = false;
        int headerCount = 0;
        StringBuilder body = new StringBuilder();
        int bodyEnd = 0;
        boolean bodyCut = false;
        while ((line = readLine()) != null) {
            String text = line.text();
            if (RequestLine.parse(text) != null) {
                pending = line;
                break;
            }
            if (raw.length() < MAX_BODY) {
                raw.append('\n').append(text, 0, Math.min(text.length(), MAX_BODY - raw.length()));
            }
            if (!inBody) {
                if (text.isEmpty()) {
                    inBody = true;
                } else if (headerCount >= MAX_HEADERS) {
                    if (headerCount++ == MAX_HEADERS) {
                        problem(line.number(), "more than " + MAX_HEADERS + " headers, the rest skipped");
                    }
                } else {
                    header(line, headers);
                    headerCount++;
                }
            } else if (!bodyCut) {
                if (body.length() > 0) {
                    body.append('\n');
                }
                if (body.length() + text.length() > MAX_BODY) {
                    body.append(text, 0, Math.max(0, MAX_BODY - body.length()));
                    bodyCut = true;
                    problem(line.number(), "body longer than " + MAX_BODY + " characters, cut");
                } else {
                    body.append(text);
                }
                if (!text.isBlank()) {
                    bodyEnd = body.length();
                }
            }
        }
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, HttpRequestFormat.NAME, start.number()))
                .put("http.request.method", requestLine.method())
                .put("url.original", requestLine.target())
                .put("url.path", requestLine.path());
        String query = requestLine.query();
        if (query != null) {
            builder.put("url.query", query);
        }
        builder.put("http.version", requestLine.version());
        headers.forEach((name, value) -> builder.put(HEADER_PREFIX + name, value));
        if (bodyEnd > 0) {
            builder.put("http.request.body.content", body.substring(0, bodyEnd));
        }
        return builder.rawText(raw.toString()).build();
    }

    private void header(LineReader.Line line, Map<String, String> headers) {
        String text = line.text();
        int colon = text.indexOf(':');
        if (colon < 1) {
            problem(line.number(), "header line without a name and colon, skipped");
            return;
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        headers.merge(name, value, (first, second) -> first.length() + second.length() > MAX_BODY
                ? first : first + ", " + second);
    }

    /** The next line, reporting and skipping lines cut at the limit. */
    private LineReader.Line readLine() throws IOException {
        LineReader.Line line;
        while ((line = lines.next()) != null && line.truncated()) {
            problem(line.number(), "line longer than " + MAX_LINE + " bytes, skipped");
        }
        return line;
    }

    private void problem(long line, String message) {
        problems.problem(new InputProblem(source, line, message));
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
