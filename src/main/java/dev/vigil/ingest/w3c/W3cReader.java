package dev.vigil.ingest.w3c;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads W3C lines. The timestamp is {@code date} + {@code time} in UTC (IIS always logs UTC); when a file has
 * {@code time} but no {@code date} column, the date of the latest {@code #Date:} directive is used.
 */
final class W3cReader implements EventReader {
    private final InputStream input;
    private final LineReader lines;
    private final String source;
    private final ProblemListener problems;
    private List<String> fields;
    private LocalDate directiveDate;

    W3cReader(InputStream input, LineReader lines, String source, ProblemListener problems) {
        this.input = requireNonNull(input, "input is null");
        this.lines = requireNonNull(lines, "lines is null");
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    public Event next() throws IOException {
        LineReader.Line line;
        while ((line = lines.nextRecord(source, problems)) != null) {
            String text = line.text();
            if (text.startsWith("#")) {
                directive(text);
                continue;
            }
            if (fields == null) {
                problem(line, "data line before any #Fields directive, skipped");
                continue;
            }
            List<String> values = split(text);
            if (values.size() != fields.size()) {
                problem(line, "expected " + fields.size() + " fields as in #Fields, found " + values.size() + ", skipped");
                continue;
            }
            return event(line, values);
        }
        return null;
    }

    private Event event(LineReader.Line line, List<String> values) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, W3cFormat.NAME, line.number()))
                .rawText(line.text());
        String date = null;
        String time = null;
        for (int index = 0; index < fields.size(); index++) {
            String name = fields.get(index);
            String value = values.get(index).equals("-") ? "" : values.get(index);
            builder.put(name, value);
            if (name.equals("date")) {
                date = value;
            } else if (name.equals("time")) {
                time = value;
            }
        }
        builder.timestamp(timestamp(date, time));
        return builder.build();
    }

    private Instant timestamp(String date, String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            LocalDate day = date != null ? LocalDate.parse(date) : directiveDate;
            if (day == null) {
                return null;
            }
            return LocalTime.parse(time).atDate(day).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private void directive(String text) {
        if (text.startsWith("#Fields:")) {
            List<String> names = split(text.substring("#Fields:".length()));
            fields = names.isEmpty() ? null : List.copyOf(names);
        } else if (text.startsWith("#Date:")) {
            List<String> parts = split(text.substring("#Date:".length()));
            try {
                directiveDate = parts.isEmpty() ? null : LocalDate.parse(parts.get(0));
            } catch (DateTimeParseException unreadable) {
                directiveDate = null;
            }
        }
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int index = 0;
        int length = text.length();
        while (index < length) {
            while (index < length && isSeparator(text.charAt(index))) {
                index++;
            }
            int start = index;
            while (index < length && !isSeparator(text.charAt(index))) {
                index++;
            }
            if (index > start) {
                parts.add(text.substring(start, index));
            }
        }
        return parts;
    }

    private static boolean isSeparator(char character) {
        return character == ' ' || character == '\t';
    }

    private void problem(LineReader.Line line, String message) {
        problems.problem(new InputProblem(source, line.number(), message));
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
