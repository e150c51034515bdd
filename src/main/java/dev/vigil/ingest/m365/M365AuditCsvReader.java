package dev.vigil.ingest.m365;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.ProblemListener;
import dev.vigil.ingest.csv.CsvRows;
import dev.vigil.ingest.json.JsonObjects;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One event per exported audit record. The {@code AuditData} cell is flattened as the {@code json} format flattens a
 * record, so both paths give the same names ({@code Operation}, {@code UserId}, {@code Parameters.0.Name} …). The
 * other columns keep their names; one that AuditData also has ({@code Operation}, {@code UserId}, {@code RecordType}
 * in newer exports, where RecordType is a name, not AuditData's number) is kept as {@code Export.<column>}.
 *
 * <p>An AuditData cell that is not one JSON object (spreadsheets cut cells at 32,767 characters) is reported with
 * its line; the row is still emitted with its columns and the cell's text under {@code AuditData}, so nothing is
 * lost. The event's time is AuditData's {@code CreationTime} (UTC, written without a zone), else the export's
 * {@code CreationDate} (ISO-8601, or the older {@code M/d/yyyy h:mm:ss AM} form, both UTC).
 */
final class M365AuditCsvReader implements EventReader {
    static final String AUDIT_DATA = "AuditData";
    static final String EXPORT_PREFIX = "Export.";
    private static final DateTimeFormatter US_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private final CsvRows rows;
    private final String source;
    private final ProblemListener problems;
    private List<String> header;
    private int auditColumn = -1;

    M365AuditCsvReader(InputStream input, String source, ProblemListener problems) {
        this.rows = new CsvRows(input, source, problems);
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    public Event next() throws IOException {
        CsvRows.Row row = rows.nextRecord();
        while (row != null && header != null && repeatsHeader(row.fields())) {
            row = rows.nextRecord(); // exports concatenated: the next chunk's header row
        }
        if (row == null) {
            return null;
        }
        if (header == null) {
            header = rows.header();
            auditColumn = header.indexOf(AUDIT_DATA);
            if (auditColumn < 0) {
                problems.problem(new InputProblem(source, rows.headerLine(),
                        "no AuditData column in the header; rows are read with their columns only"));
            }
        }
        return event(row);
    }

    /**
     * Whether the row is the header again. A concatenated export's header may start with its byte order mark, which
     * then precedes the first cell's quote and leaves it as text ({@code \uFEFF"RecordId"}).
     */
    private boolean repeatsHeader(List<String> cells) {
        List<String> names = new ArrayList<>(cells);
        String first = names.get(0);
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
            if (first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")) {
                first = first.substring(1, first.length() - 1).replace("\"\"", "\"");
            }
            names.set(0, first);
        }
        return CsvRows.names(names).equals(header);
    }

    private Event event(CsvRows.Row row) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, M365AuditCsvFormat.NAME, row.line()))
                .rawText(row.text());
        Map<String, Value> audit = Map.of();
        if (auditColumn >= 0) {
            String cell = row.fields().get(auditColumn);
            try {
                audit = JsonObjects.flatten(cell);
            } catch (JsonObjects.NotAnObjectException malformed) {
                problems.problem(new InputProblem(source, row.line(),
                        "AuditData is not one JSON object (" + malformed.getMessage() + "); kept as text with the other columns"));
                builder.put(AUDIT_DATA, cell);
            }
        }
        for (int index = 0; index < header.size(); index++) {
            if (index == auditColumn) {
                continue;
            }
            String name = header.get(index);
            builder.put(audit.containsKey(name) ? EXPORT_PREFIX + name : name, row.fields().get(index));
        }
        audit.forEach(builder::put);
        Instant time = time(audit.get("CreationTime"));
        if (time == null) {
            int creationDate = header.indexOf("CreationDate");
            time = creationDate < 0 ? null : time(Value.text(row.fields().get(creationDate)));
        }
        return builder.timestamp(time).build();
    }

    /** An ISO-8601 time (with or without a zone, UTC when without) or the US {@code M/d/yyyy h:mm:ss AM} form. */
    static Instant time(Value value) {
        if (value == null) {
            return null;
        }
        String text = value.text().strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDateTime.parse(text.toUpperCase(Locale.ROOT), US_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notUs) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
