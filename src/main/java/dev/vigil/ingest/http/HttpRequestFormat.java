package dev.vigil.ingest.http;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Raw HTTP requests, one after another: {@code METHOD target HTTP/x.y}, headers, a blank line, then the body's lines
 * until the next request line. Each request becomes one event with ECS-style fields:
 * {@code http.request.method}, {@code url.original} (the request target as written), {@code url.path},
 * {@code url.query} (when there is a {@code ?}), {@code http.version}, one {@code http.request.header.NAME} per
 * header (name lower-cased; a repeated header's values joined with {@code ", "}, as RFC 9110 allows), and
 * {@code http.request.body.content} when the body is not empty. Values are kept as written (not URL-decoded).
 */
public final class HttpRequestFormat implements InputFormat {
    public static final String NAME = "http";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\n", 20)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                return RequestLine.parse(trimmed) != null ? 80 : 0;
            }
        }
        return 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new HttpRequestReader(input, new LineReader(input, HttpRequestReader.MAX_LINE), source, problems);
    }
}
