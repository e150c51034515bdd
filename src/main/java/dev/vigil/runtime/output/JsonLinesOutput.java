package dev.vigil.runtime.output;

import dev.vigil.engine.Detection;
import dev.vigil.respond.AlertJson;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.DetectionSink;

import java.io.IOException;
import java.io.Writer;

/**
 * One detection per line: {@code timestamp} (ISO-8601 UTC or null), {@code rule_id}, {@code rule_title},
 * {@code level}, {@code tags}, {@code playbook} (the response playbook the rule names, or null), {@code explanation} (why a
 * baseline model flagged the event; null for Sigma rules), {@code source_file}, {@code source_format}, {@code record}, {@code event}; a correlation's
 * detection adds {@code group_by} (an object of strings: its group-by fields and their values).
 */
public final class JsonLinesOutput implements DetectionSink {
    private final Writer writer;
    private final AlertJson.Lines lines;

    public JsonLinesOutput(Writer writer) {
        this.writer = writer;
        this.lines = new AlertJson.Lines(writer);
    }

    @Override
    public void accept(Detection detection) throws IOException {
        lines.write(detection);
    }

    /** Formats on a hunt's worker thread: the same text as {@link #accept}, by the same code. */
    @Override
    public Formatter formatter(Writer out) {
        AlertJson.Lines worker = AlertJson.Lines.ofEventsInTurn(out);
        return new Formatter() {
            @Override
            public void format(Detection detection) throws IOException {
                worker.write(detection);
            }

            @Override
            public void eventDone() {
                worker.eventDone();
            }
        };
    }

    @Override
    public void acceptFormatted(SigmaRule rule, char[] text, int offset, int length) throws IOException {
        writer.write(text, offset, length);
    }

    @Override
    public void close() throws IOException {
        writer.flush();
    }
}
