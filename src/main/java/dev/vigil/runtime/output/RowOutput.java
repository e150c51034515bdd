package dev.vigil.runtime.output;

import dev.vigil.engine.Detection;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.DetectionSink;

import java.io.IOException;
import java.io.Writer;

/**
 * A sink that writes a header once and then a row (or a few lines) per detection, the rows formatted by the same code
 * on the writer's thread ({@link #accept}) or on a hunt's worker ({@link #formatter}).
 */
abstract class RowOutput implements DetectionSink {
    protected final Writer writer;

    RowOutput(Writer writer) {
        this.writer = writer;
    }

    /** Writes the header unless it is written already. */
    abstract void writeHeader() throws IOException;

    /** Writes one detection's row to {@code out}; may run on any thread, so it keeps no state. */
    abstract void writeRow(Writer out, Detection detection) throws IOException;

    /** Called for each detection written, on the writer's thread, in output order. */
    void written(SigmaRule rule) {
    }

    @Override
    public final void accept(Detection detection) throws IOException {
        writeHeader();
        writeRow(writer, detection);
        written(detection.rule());
    }

    @Override
    public final Formatter formatter(Writer out) {
        return detection -> writeRow(out, detection);
    }

    @Override
    public final void acceptFormatted(SigmaRule rule, char[] text, int offset, int length) throws IOException {
        writeHeader();
        writer.write(text, offset, length);
        written(rule);
    }
}
