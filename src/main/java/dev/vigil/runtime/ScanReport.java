package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.Level;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.RuleSource;
import dev.vigil.rules.SigmaRule;
import dev.vigil.scan.About;
import dev.vigil.scan.Finding;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends {@code vigil scan} findings through the same writers as hunt's detections: each indicator becomes a
 * rule-like {@link SigmaRule} (its id, title, level, tags, explanation as description, source as reference) and
 * each finding an event of the {@code scan} format whose origin is the file (record: the line of a content match,
 * else 0) and whose time is the file's last modification. The event's fields are {@code matched}, {@code playbook},
 * {@code kind}, {@code indicator}, {@code path}, {@code size}, {@code modified}, {@code sha256}, {@code source} and
 * {@code explanation}.
 */
public final class ScanReport {
    /** The {@code source_format} of findings. */
    public static final String FORMAT = "scan";
    private static final LogSource LOG_SOURCE = new LogSource("windows", "file_scan", null);

    private final Map<String, SigmaRule> rules = new HashMap<>();

    /** Writes the findings at or above {@code minimum} (null: all) to the sink; returns how many per level. */
    public Map<Level, Long> write(List<Finding> findings, Level minimum, DetectionSink sink) throws IOException {
        Map<Level, Long> counts = new EnumMap<>(Level.class);
        for (Finding finding : findings) {
            Level level = level(finding.about());
            if (minimum != null && !level.atLeast(minimum)) {
                continue;
            }
            counts.merge(level, 1L, Long::sum);
            sink.accept(detection(finding));
        }
        return counts;
    }

    Detection detection(Finding finding) {
        SigmaRule rule = rules.computeIfAbsent(finding.about().id() + "\u0000" + finding.about().level() + "\u0000"
                + finding.about().playbook(), key -> rule(finding.about()));
        FieldEvent.Builder event = FieldEvent.builder(new Origin(finding.path(), FORMAT, finding.line()))
                .timestamp(finding.modified())
                .put("matched", finding.matched())
                .put("playbook", finding.about().playbook())
                .put("kind", finding.kind())
                .put("indicator", finding.about().id())
                .put("path", finding.path())
                .put("size", new Value.Number(Long.toString(finding.size())))
                .put("modified", finding.modified() == null ? "" : finding.modified().toString())
                .put("sha256", finding.sha256())
                .put("source", finding.about().source())
                .put("explanation", finding.about().explanation());
        return new Detection(rule, event.build(), finding.modified());
    }

    private static SigmaRule rule(About about) {
        return new SigmaRule(about.id(), null, about.title(), "stable", about.explanation(), "Vigil project", null, null,
                List.of(about.source()), about.tags(), List.of(), List.of(),
                about.playbook() == null || about.playbook().isEmpty() ? null : about.playbook(), level(about), LOG_SOURCE, dev.vigil.rules.Detection.NONE,
                List.of(), new RuleSource("dev/vigil/scan", 0));
    }

    private static Level level(About about) {
        return Level.parse(about.level()).orElseThrow(() -> new IllegalStateException("unknown level " + about.level()));
    }
}
