package dev.vigil.ingest.exchange;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.ColumnNames;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads an Exchange CSV log. Columns are named by the latest {@code #Fields:} line (a new one mid-file re-keys, as
 * after an upgrade); a header row written without {@code #} (its first cell a timestamp column name) is taken as the
 * field list too, wherever it stands, so a repeated one is skipped and a different one re-keys. A quoted value may
 * span lines; a row whose quote is never closed, or whose cell count differs from the field list, is reported with
 * its line and skipped. Values are kept as logged, empty ones as
 * empty text. The event time is the first timestamp column ({@code DateTime}, {@code TimeStamp}, …): ISO-8601 with
 * {@code Z}, or without a zone, which Exchange's logs never omit, read as UTC.
 */
final class ExchangeLogReader implements EventReader {
    /** How many physical lines one quoted row may span before the reader gives up on it. */
    static final int MAX_ROW_LINES = 100;
    private static final List<String> TIMESTAMP_COLUMNS = List.of("DateTime", "TimeStamp", "Timestamp", "date-time", "DateTimeUtc");
    private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}");
    private static final Pattern LEADING_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?)[ ,\\t]");
    private static final Pattern PROTOCOL_FOLDER = Pattern.compile("(?i)[\\\\/]HttpProxy[\\\\/]([^\\\\/]+)[\\\\/][^\\\\/]+$");
    private static final Set<String> HEADER_FIRST_CELLS = Set.of("DateTime", "TimeStamp", "Timestamp", "date-time");

    private final ExchangeLog log;
    private final InputStream input;
    private final LineReader lines;
    private final String source;
    private final ProblemListener problems;
    private final String protocolFolder;
    private LineReader.Line pushedBack;
    private List<String> fields;
    private int timestampColumn = -1;

    ExchangeLogReader(ExchangeLog log, InputStream input, LineReader lines, String source, ProblemListener problems) {
        this.log = requireNonNull(log, "log is null");
        this.input = requireNonNull(input, "input is null");
        this.lines = requireNonNull(lines, "lines is null");
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
        Matcher folder = PROTOCOL_FOLDER.matcher(source);
        this.protocolFolder = log == ExchangeLog.HTTP_PROXY && folder.find() ? folder.group(1) : null;
    }

    private record Row(long line, String text, List<String> cells) {
    }

    @Override
    public Event next() throws IOException {
        LineReader.Line line;
        while ((line = nextLine()) != null) {
            String text = line.text();
            if (text.startsWith("#")) {
                directive(text);
                continue;
            }
            if (fields == null && log.acceptsFreeText() && !looksLikeHeader(text)) {
                return freeText(line);
            }
            Row row = row(line);
            if (row == null) {
                continue;
            }
            if (looksLikeHeader(text)) {
                // a header row: the field list (again, or a new one, as a mid-file #Fields line re-keys)
                setFields(row.cells());
                continue;
            }
            if (fields == null) {
                problem(row.line(), "data line before any #Fields directive, skipped");
                continue;
            }
            if (row.cells().size() != fields.size()) {
                problem(row.line(), "expected " + fields.size() + " fields as in #Fields, found " + row.cells().size()
                        + ", skipped");
                continue;
            }
            return event(row);
        }
        return null;
    }

    /** A header row written without {@code #Fields:}, as some Exchange logs open: a timestamp column name, then more. */
    private static boolean looksLikeHeader(String text) {
        int comma = text.indexOf(',');
        return comma > 0 && HEADER_FIRST_CELLS.contains(text.substring(0, comma).strip());
    }

    private LineReader.Line nextLine() throws IOException {
        if (pushedBack != null) {
            LineReader.Line line = pushedBack;
            pushedBack = null;
            return line;
        }
        return lines.nextRecord(source, problems);
    }

    /**
     * The row starting at {@code first}, joined with the following lines while a quoted value is open. A following
     * line that looks like the start of a new record (a timestamp, or a directive) ends the attempt: the broken row
     * is reported and the new line read on its own, so one stray quote loses one row, not a hundred.
     */
    private Row row(LineReader.Line first) throws IOException {
        StringBuilder text = new StringBuilder(first.text());
        for (int joined = 1; ; joined++) {
            List<String> cells = CsvLine.split(text.toString());
            if (cells != null) {
                return new Row(first.number(), text.toString(), cells);
            }
            LineReader.Line next = joined < MAX_ROW_LINES ? lines.nextRecord(source, problems) : null;
            if (next == null || next.text().startsWith("#") || RECORD_START.matcher(next.text()).find()
                    || text.length() + next.text().length() > LineReader.DEFAULT_MAX_LENGTH) {
                pushedBack = next;
                problem(first.number(), "quoted value not closed" + (next == null ? " before the end of input" : "")
                        + ", row skipped");
                return null;
            }
            text.append('\n').append(next.text());
        }
    }

    private void directive(String text) {
        if (text.startsWith("#Fields:")) {
            List<String> cells = CsvLine.split(text.substring("#Fields:".length()));
            if (cells == null || cells.size() == 1 && cells.get(0).isBlank()) {
                fields = null;
                timestampColumn = -1;
            } else {
                setFields(cells);
            }
        }
    }

    private void setFields(List<String> cells) {
        fields = ColumnNames.of(cells);
        timestampColumn = -1;
        for (String name : TIMESTAMP_COLUMNS) {
            int index = fields.indexOf(name);
            if (index >= 0) {
                timestampColumn = index;
                break;
            }
        }
    }

    private Event event(Row row) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, log.formatName(), row.line())).rawText(row.text());
        for (int index = 0; index < fields.size(); index++) {
            builder.put(fields.get(index), row.cells().get(index));
        }
        if (timestampColumn >= 0) {
            builder.timestamp(timestamp(row.line(), fields.get(timestampColumn), row.cells().get(timestampColumn)));
        }
        switch (log) {
            case HTTP_PROXY -> {
                if (protocolFolder != null && !builder.has("ProtocolFolder")) {
                    builder.put("ProtocolFolder", protocolFolder);
                }
            }
            case ECP -> {
                int eventData = fields.indexOf("EventData");
                if (eventData >= 0) {
                    for (Map.Entry<String, String> entry : EventData.strings(row.cells().get(eventData)).entrySet()) {
                        if (!builder.has(entry.getKey())) {
                            builder.put(entry.getKey(), entry.getValue());
                        }
                    }
                }
            }
            case OAB_GENERATOR -> {
                if (!builder.has("Message")) {
                    builder.put("Message", row.cells().get(row.cells().size() - 1));
                }
            }
        }
        return builder.build();
    }

    /** A line of a log without a field list: the whole line is the {@code Message}, a leading timestamp its time. */
    private Event freeText(LineReader.Line line) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, log.formatName(), line.number()))
                .rawText(line.text()).put("Message", line.text());
        Matcher leading = LEADING_TIME.matcher(line.text());
        if (leading.find()) {
            builder.timestamp(timestamp(line.number(), "the line", leading.group(1)));
        }
        return builder.build();
    }

    private Instant timestamp(long line, String column, String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                problem(line, "unreadable timestamp '" + shorten(value) + "' in " + column + ", event kept without a time");
                return null;
            }
        }
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }

    private void problem(long line, String message) {
        problems.problem(new InputProblem(source, line, message));
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
