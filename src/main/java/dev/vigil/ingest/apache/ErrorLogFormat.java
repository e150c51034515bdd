package dev.vigil.ingest.apache;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.LineCursor;
import dev.vigil.ingest.EnglishMonths;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Apache httpd's error log, best effort: {@code [Sun Dec 04 04:47:44 2005] [notice] message} (2.2) and
 * {@code [Wed Oct 11 14:32:52.000123 2000] [core:error] [pid 35708:tid 4328636416] [client 1.2.3.4:5] message}
 * (2.4). Fields: {@code level}, {@code module} (2.4), {@code pid}, {@code tid}, {@code client}, {@code message}.
 *
 * <p>The error log writes local time without an offset; it is read as UTC, and rules that need the true instant
 * must know the server's zone.
 */
public final class ErrorLogFormat implements InputFormat {
    public static final String NAME = "apache-error";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, Math.min(length, 4096), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String first = end >= 0 ? text.substring(0, end) : text;
        return parse(first.strip(), "sniff", 0).event().isPresent() ? 75 : 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new LineEventReader(input, source, problems, (line, name) -> parse(line.text(), name, line.number()));
    }

    static LineEventReader.ParsedLine parse(String text, String source, long lineNumber) {
        LineCursor cursor = new LineCursor(text);
        String time = cursor.bracketed('[', ']');
        Instant timestamp = time == null ? null : parseTime(time);
        if (timestamp == null) {
            return LineEventReader.ParsedLine.rejected("not an Apache error log line: no [Www Mmm dd hh:mm:ss yyyy]");
        }
        String level = cursor.bracketed('[', ']');
        if (level == null) {
            return LineEventReader.ParsedLine.rejected("not an Apache error log line: no [level]");
        }
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, NAME, lineNumber))
                .rawText(text)
                .timestamp(timestamp);
        int colon = level.indexOf(':');
        if (colon >= 0) {
            builder.put("module", level.substring(0, colon)).put("level", level.substring(colon + 1));
        } else {
            builder.put("level", level);
        }
        while (true) {
            int before = cursor.position();
            String bracket = cursor.bracketed('[', ']');
            if (bracket == null) {
                break;
            }
            if (bracket.startsWith("pid ")) {
                String[] parts = bracket.substring(4).split(":tid ", 2);
                builder.put("pid", parts[0]);
                if (parts.length == 2) {
                    builder.put("tid", parts[1]);
                }
            } else if (bracket.startsWith("client ")) {
                builder.put("client", bracket.substring(7));
            } else {
                cursor.moveTo(before);
                break;
            }
        }
        cursor.skipSpaces();
        builder.put("message", cursor.rest());
        return LineEventReader.ParsedLine.of(builder.build());
    }

    /** {@code Www Mmm dd hh:mm:ss[.ffffff] yyyy}. */
    static Instant parseTime(String text) {
        String[] parts = text.split(" +");
        if (parts.length != 5 || parts[1].length() != 3) {
            return null;
        }
        int month = EnglishMonths.parse(parts[1], 0);
        String[] clock = parts[3].split("[:.]");
        try {
            if (month == 0 || clock.length < 3) {
                return null;
            }
            int nanos = 0;
            if (clock.length == 4 && clock[3].length() <= 9) {
                nanos = Integer.parseInt((clock[3] + "000000000").substring(0, 9));
            }
            return LocalDateTime.of(Integer.parseInt(parts[4]), month, Integer.parseInt(parts[2]),
                    Integer.parseInt(clock[0]), Integer.parseInt(clock[1]), Integer.parseInt(clock[2]), nanos)
                    .toInstant(ZoneOffset.UTC);
        } catch (NumberFormatException | DateTimeException unreadable) {
            return null;
        }
    }
}
