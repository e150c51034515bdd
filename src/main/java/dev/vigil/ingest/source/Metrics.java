package dev.vigil.ingest.source;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small registry of counters and gauges with labels, written in the Prometheus text exposition format (version
 * 0.0.4). Receivers count what they take in and drop here; the watch pipeline can register its own (queue depth,
 * detections, alerts). Safe for concurrent use; a series is created on first use and never removed.
 */
public final class Metrics {
    /** The two kinds the text format names in its {@code # TYPE} line. */
    public enum Kind { COUNTER, GAUGE }

    private record Family(String name, Kind kind, String help, Map<String, AtomicLong> series) {
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** A counter: only ever goes up. {@code labels} alternate name and value. */
    public AtomicLong counter(String name, String help, String... labels) {
        return series(name, Kind.COUNTER, help, labels);
    }

    /** A gauge: set to the current value (a queue depth, a lag). {@code labels} alternate name and value. */
    public AtomicLong gauge(String name, String help, String... labels) {
        return series(name, Kind.GAUGE, help, labels);
    }

    /** The current value of a series, 0 when it was never created. */
    public long value(String name, String... labels) {
        Family family = families.get(name);
        if (family == null) {
            return 0;
        }
        AtomicLong value = family.series().get(labelText(labels));
        return value == null ? 0 : value.get();
    }

    private AtomicLong series(String name, Kind kind, String help, String... labels) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        Family family = families.computeIfAbsent(name, key -> new Family(key, kind, help, new ConcurrentHashMap<>()));
        if (family.kind() != kind) {
            throw new IllegalArgumentException("metric " + name + " is a " + family.kind() + ", not a " + kind);
        }
        return family.series().computeIfAbsent(labelText(labels), key -> new AtomicLong());
    }

    static String labelText(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        if (labels.length == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i].matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("not a Prometheus label name: " + labels[i]);
            }
            if (i > 0) {
                text.append(',');
            }
            text.append(labels[i]).append("=\"");
            String value = labels[i + 1];
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                switch (ch) {
                    case '\\' -> text.append("\\\\");
                    case '"' -> text.append("\\\"");
                    case '\n' -> text.append("\\n");
                    default -> text.append(ch);
                }
            }
            text.append('"');
        }
        return text.append('}').toString();
    }

    /** Every family, sorted by name, each series sorted by its labels. */
    public void write(Writer out) throws IOException {
        List<Family> sorted = new ArrayList<>(new TreeMap<>(families).values());
        for (Family family : sorted) {
            out.write("# HELP " + family.name() + ' ' + family.help().replace("\\", "\\\\").replace("\n", "\\n") + '\n');
            out.write("# TYPE " + family.name() + ' ' + (family.kind() == Kind.COUNTER ? "counter" : "gauge") + '\n');
            for (Map.Entry<String, AtomicLong> series : new TreeMap<>(family.series()).entrySet()) {
                out.write(family.name() + series.getKey() + ' ' + series.getValue().get() + '\n');
            }
        }
    }
}
