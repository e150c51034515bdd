package dev.vigil.ingest.syslog;

import dev.vigil.ingest.EnglishMonths;
import dev.vigil.ingest.LineCursor;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One parsed syslog line. Understands RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}), RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss host tag[pid]: msg}), the same without {@code <PRI>} as written to /var/log files,
 * and rsyslog's high-precision variant with an ISO-8601 timestamp in place of the BSD one.
 *
 * <p>Design: a hand-written scanner that reads each character at most a few times, so no input can make it slow.
 */
record SyslogHeader(
        int priority,
        Instant timestamp,
        String host,
        String app,
        String processId,
        String messageId,
        List<Parameter> structuredData,
        String message) {

    /** One structured-data parameter, {@code [id name="value"]}. */
    record Parameter(String id, String name, String value) {
    }

    SyslogHeader {
        structuredData = List.copyOf(structuredData);
        requireNonNull(message, "message is null");
    }

    private static final String[] FACILITIES = {
            "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
            "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
            "local6", "local7"};
    private static final String[] SEVERITIES = {
            "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    /** The facility name from the priority, or {@code null} when the line had none. */
    String facility() {
        return priority < 0 ? null : FACILITIES[priority / 8];
    }

    String severity() {
        return priority < 0 ? null : SEVERITIES[priority % 8];
    }

    /**
     * Parses a line, or returns {@code null} when it does not start like a syslog record. {@code reference} is when
     * the log was last written: BSD timestamps have no year and take the latest year that does not put the record
     * more than a day after it.
     */
    static SyslogHeader parse(String line, Instant reference) {
        Scanner scanner = new Scanner(line);
        int priority = scanner.priority();
        if (priority == Scanner.INVALID) {
            return null;
        }
        int afterPriority = scanner.position();
        if (priority >= 0 && scanner.version()) {
            SyslogHeader modern = parseModern(scanner, priority);
            if (modern != null) {
                return modern;
            }
            scanner.moveTo(afterPriority);
        }
        Instant timestamp;
        if (scanner.startsWithDigit()) {
            String token = scanner.token();
            timestamp = parseIsoTimestamp(token);
            if (timestamp == null) {
                return null;
            }
        } else {
            LocalDateTime local = scanner.bsdTimestamp();
            if (local == null) {
                return null;
            }
            timestamp = withYear(local, reference);
        }
        return parseTraditionalBody(scanner, priority, timestamp);
    }

    private static SyslogHeader parseModern(Scanner scanner, int priority) {
        String time = scanner.token();
        Instant timestamp = null;
        if (time == null) {
            return null;
        }
        if (!time.equals("-")) {
            timestamp = parseIsoTimestamp(time);
            if (timestamp == null) {
                return null;
            }
        }
        String host = scanner.token();
        String app = scanner.token();
        String processId = scanner.token();
        String messageId = scanner.token();
        if (messageId == null) {
            return null;
        }
        scanner.skipSpaces();
        List<Parameter> parameters = new ArrayList<>();
        if (scanner.peek() == '-') {
            scanner.advance();
        } else if (scanner.peek() == '[') {
            int start = scanner.position();
            if (!scanner.structuredData(parameters)) {
                // Unreadable structured data: keep everything from the bracket on as the message.
                parameters.clear();
                scanner.moveTo(start);
            }
        }
        String message = stripBom(scanner.rest().stripLeading());
        return new SyslogHeader(priority, timestamp, nil(host), nil(app), nil(processId), nil(messageId), parameters,
                message);
    }

    private static SyslogHeader parseTraditionalBody(Scanner scanner, int priority, Instant timestamp) {
        String host = "";
        if (scanner.peek() == ':') {
            scanner.advance();
            return new SyslogHeader(priority, timestamp, host, "", "", "", List.of(), scanner.rest().strip());
        }
        int beforeHost = scanner.position();
        String first = scanner.token();
        if (first == null) {
            return new SyslogHeader(priority, timestamp, host, "", "", "", List.of(), "");
        }
        if (first.endsWith(":")) {
            scanner.moveTo(beforeHost);
        } else {
            host = first;
        }
        int beforeTag = scanner.position();
        String tag = scanner.token();
        String app = "";
        String processId = "";
        if (tag != null && (tag.endsWith(":") || tag.endsWith("]"))) {
            String name = tag.endsWith(":") ? tag.substring(0, tag.length() - 1) : tag;
            int open = name.lastIndexOf('[');
            if (name.endsWith("]") && open > 0) {
                app = name.substring(0, open);
                processId = name.substring(open + 1, name.length() - 1);
            } else {
                app = name;
            }
        } else {
            scanner.moveTo(beforeTag);
        }
        return new SyslogHeader(priority, timestamp, host, app, processId, "", List.of(),
                scanner.rest().stripLeading());
    }

    private static Instant withYear(LocalDateTime withoutYear, Instant reference) {
        LocalDate referenceDate = reference.atOffset(ZoneOffset.UTC).toLocalDate();
        int year = referenceDate.getYear();
        if (withoutYear.getMonthValue() == 2 && withoutYear.getDayOfMonth() == 29) {
            while (!Year.isLeap(year)) {
                year--;
            }
        }
        LocalDateTime dated = withoutYear.withYear(year);
        if (dated.toLocalDate().isAfter(referenceDate.plusDays(1))) {
            int earlier = year - 1;
            while (withoutYear.getMonthValue() == 2 && withoutYear.getDayOfMonth() == 29 && !Year.isLeap(earlier)) {
                earlier--;
            }
            dated = withoutYear.withYear(earlier);
        }
        return dated.toInstant(ZoneOffset.UTC);
    }

    static Instant parseIsoTimestamp(String text) {
        if (text.length() < 19 || text.length() > 40) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException noOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String nil(String value) {
        return value == null || value.equals("-") ? "" : value;
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The scanning rules; positions only move forward except where a caller restores a saved one. */
    private static final class Scanner extends LineCursor {
        static final int ABSENT = -1;
        static final int INVALID = -2;

        Scanner(String text) {
            super(text);
        }

        boolean startsWithDigit() {
            return position < text.length() && Character.isDigit(text.charAt(position))
                    && text.charAt(position) < 128;
        }

        /** {@code <0>}…{@code <191>}, {@link #ABSENT} without one, {@link #INVALID} for a malformed one. */
        int priority() {
            if (peek() != '<') {
                return ABSENT;
            }
            int value = 0;
            int index = position + 1;
            int digits = 0;
            while (index < text.length() && digits < 4 && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
                value = value * 10 + (text.charAt(index) - '0');
                index++;
                digits++;
            }
            if (digits == 0 || digits > 3 || index >= text.length() || text.charAt(index) != '>' || value > 191) {
                return INVALID;
            }
            position = index + 1;
            return value;
        }

        /** The RFC 5424 version ({@code 1} followed by a space). */
        boolean version() {
            if (position + 1 < text.length() && text.charAt(position) >= '1' && text.charAt(position) <= '9'
                    && text.charAt(position + 1) == ' ') {
                position += 2;
                return true;
            }
            return false;
        }

        /** {@code Mmm dd hh:mm:ss} (day padded with a space or a zero), in a year to be decided. */
        LocalDateTime bsdTimestamp() {
            int month = EnglishMonths.parse(text, position);
            if (month == 0 || position + 15 > text.length() || text.charAt(position + 3) != ' ') {
                return null;
            }
            String day = text.substring(position + 4, position + 6).strip();
            String clock = text.substring(position + 7, position + 15);
            if (text.charAt(position + 6) != ' ' || clock.charAt(2) != ':' || clock.charAt(5) != ':') {
                return null;
            }
            try {
                int dayOfMonth = Integer.parseInt(day);
                int hour = Integer.parseInt(clock, 0, 2, 10);
                int minute = Integer.parseInt(clock, 3, 5, 10);
                int second = Integer.parseInt(clock, 6, 8, 10);
                position += 15;
                // A leap year keeps 29 February valid until the real year is known.
                return LocalDateTime.of(2000, month, dayOfMonth, hour, minute, second);
            } catch (NumberFormatException | DateTimeException unreadable) {
                return null;
            }
        }

        /** One or more {@code [id name="value" ...]} elements; false when they are malformed. */
        boolean structuredData(List<Parameter> parameters) {
            while (peek() == '[') {
                position++;
                int idStart = position;
                while (position < text.length() && " ]=\"".indexOf(text.charAt(position)) < 0) {
                    position++;
                }
                String id = text.substring(idStart, position);
                if (id.isEmpty()) {
                    return false;
                }
                while (true) {
                    if (peek() == ']') {
                        position++;
                        break;
                    }
                    if (peek() != ' ') {
                        return false;
                    }
                    position++;
                    int nameStart = position;
                    while (position < text.length() && " ]=\"".indexOf(text.charAt(position)) < 0) {
                        position++;
                    }
                    String name = text.substring(nameStart, position);
                    if (name.isEmpty() || peek() != '=') {
                        return false;
                    }
                    position++;
                    if (peek() != '"') {
                        return false;
                    }
                    position++;
                    StringBuilder value = new StringBuilder();
                    boolean closed = false;
                    while (position < text.length()) {
                        char character = text.charAt(position++);
                        if (character == '\\' && position < text.length()
                                && "\"\\]".indexOf(text.charAt(position)) >= 0) {
                            value.append(text.charAt(position++));
                        } else if (character == '"') {
                            closed = true;
                            break;
                        } else {
                            value.append(character);
                        }
                    }
                    if (!closed) {
                        return false;
                    }
                    parameters.add(new Parameter(id, name, value.toString()));
                }
            }
            return true;
        }
    }
}
