package dev.vigil.ingest.syslog;

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

import static java.util.Objects.requireNonNull;

/**
 * Reads one record per header line, appending following non-header lines to its message. A record is only
 * complete when the next header (or the end) is seen, so the reader holds at most one pending record, and that
 * record's continuation is bounded by {@link #MAX_RECORD_CHARACTERS}.
 */
final class SyslogReader implements EventReader {
    static final int MAX_RECORD_CHARACTERS = 1 << 20;

    private final InputStream input;
    private final LineReader lines;
    private final String source;
    private final Instant reference;
    private final ProblemListener problems;
    private Pending pending;

    /** A record whose message may still grow. */
    private static final class Pending {
        final FieldEvent.Builder builder;
        final StringBuilder message;
        final StringBuilder raw;
        boolean truncated;

        Pending(FieldEvent.Builder builder, String message, String raw) {
            this.builder = builder;
            this.message = new StringBuilder(message);
            this.raw = new StringBuilder(raw);
        }

        Event build() {
            return builder.put("message", message.toString()).rawText(raw.toString()).build();
        }
    }

    SyslogReader(InputStream input, String source, Instant reference, ProblemListener problems) {
        this.input = requireNonNull(input, "input is null");
        this.lines = new LineReader(input, LineReader.DEFAULT_MAX_LENGTH);
        this.source = requireNonNull(source, "source is null");
        this.reference = requireNonNull(reference, "reference is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    public Event next() throws IOException {
        LineReader.Line line;
        while ((line = lines.nextRecord(source, problems)) != null) {
            SyslogHeader header = SyslogHeader.parse(line.text(), reference);
            if (header == null) {
                continueMessage(line);
                continue;
            }
            Pending previous = pending;
            pending = start(header, line);
            if (previous != null) {
                return previous.build();
            }
        }
        if (pending != null) {
            Event last = pending.build();
            pending = null;
            return last;
        }
        return null;
    }

    private void continueMessage(LineReader.Line line) {
        if (pending == null) {
            problems.problem(new InputProblem(source, line.number(), "not a syslog line and no record to continue, skipped"));
            return;
        }
        if (pending.raw.length() + line.text().length() + 1 > MAX_RECORD_CHARACTERS) {
            if (!pending.truncated) {
                pending.truncated = true;
                problems.problem(new InputProblem(source, line.number(),
                        "record longer than " + MAX_RECORD_CHARACTERS + " characters, further continuation lines dropped"));
            }
            return;
        }
        pending.message.append('\n').append(line.text());
        pending.raw.append('\n').append(line.text());
    }

    private Pending start(SyslogHeader header, LineReader.Line line) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, SyslogFormat.NAME, line.number()))
                .timestamp(header.timestamp());
        if (header.priority() >= 0) {
            builder.put("facility", header.facility()).put("severity", header.severity());
        }
        builder.put("host", header.host())
                .put("app", header.app())
                .put("pid", header.processId())
                .put("msgid", header.messageId());
        for (SyslogHeader.Parameter parameter : header.structuredData()) {
            builder.put("sd." + parameter.id() + "." + parameter.name(), parameter.value());
        }
        return new Pending(builder, header.message(), line.text());
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
