package dev.vigil.cli;

import dev.vigil.rules.Level;
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
import java.util.Map;

/** The output options hunt and scan share ({@code --format}, {@code -o}, {@code --min-level}, {@code --fail-on}) and the writers they open. */
final class DetectionOutput {
    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or jsonl (default: table on a terminal, jsonl otherwise).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write detections to FILE instead of standard output.")
    Path output;

    @Option(names = "--min-level", paramLabel = "LEVEL", description = "Report only detections at or above LEVEL (informational, low, medium, high, critical).")
    String minimumLevel;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit with 3 when a detection at or above LEVEL is found.")
    String failOn;

    Level minimum() {
        return level(minimumLevel, "--min-level");
    }

    Level failLevel() {
        return level(failOn, "--fail-on");
    }

    /** The format asked for, or table on a terminal and jsonl otherwise; rejects unknown names. */
    String chosenFormat(boolean terminal) {
        String chosen = format != null ? format : (output == null && terminal ? "table" : "jsonl");
        if (!chosen.equals("jsonl") && !chosen.equals("csv") && !chosen.equals("table")) {
            throw new UserException("--format must be table, csv or jsonl, not '" + chosen + "'");
        }
        return chosen;
    }

    Writer openWriter() throws IOException {
        return output == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    }

    DetectionSink sink(Writer writer, boolean terminal) throws IOException {
        return switch (chosenFormat(terminal)) {
            case "csv" -> new CsvTimelineOutput(writer);
            case "table" -> new TableOutput(writer, output == null && terminal && System.getenv("NO_COLOR") == null, 120);
            default -> new JsonLinesOutput(writer);
        };
    }

    /** Closes a file writer, flushes standard output (which stays open). */
    void finish(Writer writer) throws IOException {
        if (output != null) {
            writer.close();
        } else {
            writer.flush();
        }
    }

    /** Whether any count at or above the {@code --fail-on} level is positive. */
    boolean failed(Map<Level, Long> byLevel) {
        Level fail = failLevel();
        if (fail == null) {
            return false;
        }
        return byLevel.entrySet().stream().anyMatch(entry -> entry.getKey().atLeast(fail) && entry.getValue() > 0);
    }

    static Level level(String text, String option) {
        if (text == null) {
            return null;
        }
        return Level.parse(text).orElseThrow(() -> new UserException(option
                + " must be one of informational, low, medium, high, critical, not '" + text + "'"));
    }
}
