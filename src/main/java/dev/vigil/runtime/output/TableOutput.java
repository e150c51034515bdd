package dev.vigil.runtime.output;

import dev.vigil.engine.Detection;
import dev.vigil.rules.Level;
import dev.vigil.rules.SigmaRule;

import java.io.IOException;
import java.io.Writer;

/**
 * A table for reading in a terminal: time, level, rule, where, and an excerpt of the event; at the end, the
 * response playbooks the detected rules name. Levels are coloured when {@code colour} is set (a terminal, and
 * {@code NO_COLOR} unset).
 */
public final class TableOutput extends RowOutput {
    private static final String RESET = "\u001b[0m";

    private final boolean colour;
    private final int width;
    private boolean headerWritten;
    private final java.util.Set<String> playbooks = new java.util.TreeSet<>();

    public TableOutput(Writer writer, boolean colour, int width) {
        super(writer);
        this.colour = colour;
        this.width = Math.max(80, width);
    }

    @Override
    void written(SigmaRule rule) {
        if (rule.playbook() != null) {
            playbooks.add(rule.playbook());
        }
    }

    @Override
    void writeHeader() throws IOException {
        if (!headerWritten) {
            writer.write(String.format(java.util.Locale.ROOT, "%-20s %-8s %-50s %s%n", "TIME (UTC)", "LEVEL", "RULE", "WHERE / EVENT"));
            headerWritten = true;
        }
    }

    @Override
    void writeRow(Writer writer, Detection detection) throws IOException {
        String time = detection.timestamp() == null ? "-" : detection.timestamp().toString().replace('T', ' ');
        if (time.length() > 19) {
            time = time.substring(0, 19);
        }
        Level level = detection.rule().level();
        String levelText = String.format(java.util.Locale.ROOT, "%-8s", level.label());
        if (colour) {
            levelText = colourOf(level) + levelText + RESET;
        }
        String rule = detection.rule().title();
        if (rule.length() > 50) {
            rule = rule.substring(0, 49) + "…";
        }
        String where = detection.event().origin().source() + ":" + detection.event().origin().record();
        writer.write(String.format(java.util.Locale.ROOT, "%-20s %s %-50s %s%n", time, levelText, rule, where));
        String excerpt = detection.explanation() != null ? abbreviate(detection.explanation(), width - 22)
                : EventSummary.summarize(detection.event(), width - 22);
        writer.write("                     " + excerpt + System.lineSeparator());
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(1, width - 1)) + "…";
    }

    private static String colourOf(Level level) {
        return switch (level) {
            case CRITICAL -> "\u001b[1;35m";
            case HIGH -> "\u001b[1;31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[36m";
            case INFORMATIONAL -> "\u001b[2m";
        };
    }

    @Override
    public void close() throws IOException {
        if (!headerWritten) {
            writer.write("No detections." + System.lineSeparator());
        }
        if (!playbooks.isEmpty()) {
            writer.write(System.lineSeparator() + "What to do: " + String.join(", ", playbooks.stream()
                    .map(name -> "vigil playbook " + name).toList()) + System.lineSeparator());
        }
        writer.flush();
    }
}
