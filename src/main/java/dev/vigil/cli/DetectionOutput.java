package dev.vigil.cli;

import dev.vigil.engine.Detection;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.output.CsvTimelineOutput;
import dev.vigil.runtime.output.JsonLinesOutput;
import dev.vigil.runtime.output.TableOutput;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The detection output options every command that reports detections shares ({@code --format}, {@code -o}), and
 * the sink they choose: a table on a terminal, JSON Lines otherwise, or the CSV timeline.
 */
final class DetectionOutput {
    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or jsonl (default: table on a terminal, jsonl otherwise).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write detections to FILE instead of standard output.")
    Path output;

    /** Whether standard output is a terminal (and nothing is redirected to a file). */
    boolean toTerminal() {
        return output == null && System.console() != null;
    }

    /** Opens the chosen sink; closing it flushes, and closes the file when {@code -o} was given. */
    DetectionSink open() throws IOException {
        String chosen = format != null ? format : (toTerminal() ? "table" : "jsonl");
        if (!chosen.equals("table") && !chosen.equals("csv") && !chosen.equals("jsonl")) {
            throw new UserException("--format must be table, csv or jsonl, not '" + chosen + "'");
        }
        Writer writer = output == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        DetectionSink sink = switch (chosen) {
            case "jsonl" -> new JsonLinesOutput(writer);
            case "csv" -> new CsvTimelineOutput(writer);
            default -> new TableOutput(writer, toTerminal() && System.getenv("NO_COLOR") == null, 120);
        };
        boolean file = output != null;
        return new DetectionSink() {
            @Override
            public void accept(Detection detection) throws IOException {
                sink.accept(detection);
            }

            @Override
            public void close() throws IOException {
                try {
                    sink.close();
                } finally {
                    if (file) {
                        writer.close();
                    } else {
                        writer.flush();
                    }
                }
            }
        };
    }
}
