package dev.vigil.ingest.csv;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * RFC 4180 records (see {@link CsvRows}) named by the header row. Each event's record number is the line where its
 * row starts; a row with another number of columns than the header is reported and skipped.
 */
final class CsvReader implements EventReader {
    private final CsvRows rows;
    private final String source;

    CsvReader(InputStream input, String source, ProblemListener problems) {
        this.rows = new CsvRows(input, source, problems);
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public Event next() throws IOException {
        CsvRows.Row row = rows.nextRecord();
        if (row == null) {
            return null;
        }
        List<String> header = rows.header();
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, CsvFormat.NAME, row.line())).rawText(row.text());
        for (int index = 0; index < header.size(); index++) {
            builder.put(header.get(index), row.fields().get(index));
        }
        return builder.build();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
