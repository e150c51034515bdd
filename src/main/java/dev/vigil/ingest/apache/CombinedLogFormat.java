package dev.vigil.ingest.apache;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.LineCursor;
import dev.vigil.ingest.EnglishMonths;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Apache/Nginx access logs in the combined format, and the common format (the same without referer and user
 * agent). Fields get the W3C names the Sigma webserver taxonomy uses, so webserver rules work unchanged:
 * {@code c-ip, cs-username, cs-method, cs-uri-stem, cs-uri-query, cs-version, sc-status, sc-bytes, cs-referer,
 * cs-user-agent}, plus {@code ident} and {@code request} (the whole request line).
 *
 * <p>Decisions: {@code -} becomes empty text, as in W3C. Quoted values are kept as logged, with Apache's
 * backslash escapes ({@code \"}, {@code \x16}) left in place, like W3C's {@code +}. A request line that is not
 * {@code METHOD TARGET VERSION} (a TLS handshake sent to a plain port, {@code -}, junk) still gives an event: the
 * whole text is in {@code request} and the parts that could not be read are empty, because such requests are what
 * scanners and exploits send. A line without the bracketed time or the quoted request is a problem.
 */
public final class CombinedLogFormat implements InputFormat {
    public static final String NAME = "combined";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", 6);
        int checked = 0;
        int matched = 0;
        for (int index = 0; index < lines.length && checked < 5; index++) {
            if (lines[index].isBlank() || (index == lines.length - 1 && lines.length > 1 && length == head.length)) {
                continue;
            }
            checked++;
            if (parse(lines[index], "sniff", 0).event().isPresent()) {
                matched++;
            }
        }
        return checked > 0 && matched * 2 > checked ? 80 : 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new LineEventReader(input, source, problems, (line, name) -> parse(line.text(), name, line.number()));
    }

    static LineEventReader.ParsedLine parse(String text, String source, long lineNumber) {
        LineCursor cursor = new LineCursor(text);
        String host = cursor.token();
        String ident = cursor.token();
        String user = cursor.token();
        if (user == null) {
            return LineEventReader.ParsedLine.rejected("not a combined/common log line: too few fields");
        }
        String time = cursor.bracketed('[', ']');
        if (time == null) {
            return LineEventReader.ParsedLine.rejected("not a combined/common log line: no [time]");
        }
        Instant timestamp = parseTime(time);
        if (timestamp == null) {
            return LineEventReader.ParsedLine.rejected("unreadable time [" + time + "]");
        }
        String request = cursor.quoted();
        if (request == null) {
            return LineEventReader.ParsedLine.rejected("not a combined/common log line: no quoted request");
        }
        String status = cursor.token();
        String bytes = cursor.token();
        if (bytes == null) {
            return LineEventReader.ParsedLine.rejected("not a combined/common log line: no status and size");
        }
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, NAME, lineNumber))
                .rawText(text)
                .timestamp(timestamp)
                .put("c-ip", host)
                .put("ident", empty(ident))
                .put("cs-username", empty(user))
                .put("request", request);
        putRequestParts(request, builder);
        builder.put("sc-status", empty(status)).put("sc-bytes", empty(bytes));
        String referer = cursor.quoted();
        if (referer != null) {
            builder.put("cs-referer", empty(referer));
            String userAgent = cursor.quoted();
            if (userAgent != null) {
                builder.put("cs-user-agent", empty(userAgent));
            }
        }
        return LineEventReader.ParsedLine.of(builder.build());
    }

    private static void putRequestParts(String request, FieldEvent.Builder builder) {
        String[] parts = request.split(" ", -1);
        boolean wellFormed = (parts.length == 3 && parts[2].startsWith("HTTP/")) || parts.length == 2;
        String method = wellFormed ? parts[0] : "";
        String target = wellFormed ? parts[1] : "";
        int question = target.indexOf('?');
        builder.put("cs-method", method)
                .put("cs-uri-stem", question >= 0 ? target.substring(0, question) : target)
                .put("cs-uri-query", question >= 0 ? target.substring(question + 1) : "")
                .put("cs-version", wellFormed && parts.length == 3 ? parts[2] : "");
    }

    private static String empty(String value) {
        return value == null || value.equals("-") ? "" : value;
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss Z}, parsed by hand so the default locale plays no part. */
    static Instant parseTime(String text) {
        if (text.length() != 26 || text.charAt(2) != '/' || text.charAt(6) != '/' || text.charAt(11) != ':'
                || text.charAt(14) != ':' || text.charAt(17) != ':' || text.charAt(20) != ' ') {
            return null;
        }
        int month = EnglishMonths.parse(text, 3);
        try {
            int day = Integer.parseInt(text, 0, 2, 10);
            int year = Integer.parseInt(text, 7, 11, 10);
            int hour = Integer.parseInt(text, 12, 14, 10);
            int minute = Integer.parseInt(text, 15, 17, 10);
            int second = Integer.parseInt(text, 18, 20, 10);
            char sign = text.charAt(21);
            int offsetHours = Integer.parseInt(text, 22, 24, 10);
            int offsetMinutes = Integer.parseInt(text, 24, 26, 10);
            if (month == 0 || (sign != '+' && sign != '-')) {
                return null;
            }
            int offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
            return LocalDateTime.of(year, month, day, hour, minute, second)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (NumberFormatException | DateTimeException unreadable) {
            return null;
        }
    }
}
