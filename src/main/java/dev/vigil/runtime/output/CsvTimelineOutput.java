package dev.vigil.runtime.output;

import dev.vigil.engine.Detection;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A CSV timeline Timesketch can import: its required {@code message}, {@code datetime}, {@code timestamp}
 * (microseconds since the epoch) and {@code timestamp_desc}, then Vigil's own columns.
 */
public final class CsvTimelineOutput extends RowOutput {
    private static final String HEADER =
            "datetime,timestamp,timestamp_desc,message,rule_id,rule_title,level,tags,source_file,source_format,record,playbook,explanation";

    private boolean headerWritten;

    public CsvTimelineOutput(Writer writer) {
        super(writer);
    }

    @Override
    void writeRow(Writer writer, Detection detection) throws IOException {
        Instant time = detection.timestamp();
        String message = "[" + detection.rule().level().label() + "] " + detection.rule().title() + " | "
                + EventSummary.summarize(detection.event(), 300);
        String[] columns = {
                time == null ? "" : time.toString(),
                time == null ? "" : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, time)),
                "Event Recorded",
                message,
                nullToEmpty(detection.rule().id()),
                detection.rule().title(),
                detection.rule().level().label(),
                String.join(";", detection.rule().tags()),
                detection.event().origin().source(),
                detection.event().origin().format(),
                Long.toString(detection.event().origin().record()),
                nullToEmpty(detection.rule().playbook()),
                nullToEmpty(detection.explanation())};
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(quote(columns[i]));
        }
        writer.write('\n');
    }

    @Override
    void writeHeader() throws IOException {
        if (!headerWritten) {
            writer.write(HEADER);
            writer.write('\n');
            headerWritten = true;
        }
    }

    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void close() throws IOException {
        writeHeader();
        writer.flush();
    }
}
