package dev.vigil.ingest.source;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small registry of counters and gauges with labels, written in the Prometheus text exposition format (version
 * 0.0.4). Receivers count what they take in and drop here; the watch pipeline registers its own (queue depth,
 * detections, alerts), some of them copied in by a collector that runs before each scrape ({@link #onScrape}).
 * Durations are held as nanoseconds and written as seconds ({@link #secondsCounter}, {@link #secondsGauge}).
 * Safe for concurrent use; a series is created on first use and never removed.
 */
public final class Metrics {
    /** The two kinds the text format names in its {@code # TYPE} line. */
    public enum Kind { COUNTER, GAUGE }

    /** {@code nanos}: the values are nanoseconds, written as seconds. */
    private record Family(String name, Kind kind, String help, boolean nanos, Map<String, AtomicLong> series) {
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final List<Runnable> collectors = new CopyOnWriteArrayList<>();

    /** A counter: only ever goes up. {@code labels} alternate name and value. */
    public AtomicLong counter(String name, String help, String... labels) {
        return series(name, Kind.COUNTER, false, help, labels);
    }

    /** A gauge: set to the current value (a queue depth, a lag). {@code labels} alternate name and value. */
    public AtomicLong gauge(String name, String help, String... labels) {
        return series(name, Kind.GAUGE, false, help, labels);
    }

    /** A counter of time: add nanoseconds, written as seconds (name it {@code …_seconds_total}). */
    public AtomicLong secondsCounter(String name, String help, String... labels) {
        return series(name, Kind.COUNTER, true, help, labels);
    }

    /** A gauge of time: set nanoseconds, written as seconds (name it {@code …_seconds}). */
    public AtomicLong secondsGauge(String name, String help, String... labels) {
        return series(name, Kind.GAUGE, true, help, labels);
    }

    /**
     * Runs {@code collector} before each {@link #write}, so that it can copy values kept elsewhere (a pipeline's
     * counts) into their series. A collector that throws fails the scrape, not the pipeline.
     */
    public void onScrape(Runnable collector) {
        collectors.add(collector);
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

    private AtomicLong series(String name, Kind kind, boolean nanos, String help, String... labels) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        Family family = families.computeIfAbsent(name, key -> new Family(key, kind, help, nanos, new ConcurrentHashMap<>()));
        if (family.kind() != kind || family.nanos() != nanos) {
            throw new IllegalArgumentException("metric " + name + " is a " + family.kind() + (family.nanos() ? " of seconds" : "")
                    + ", not a " + kind + (nanos ? " of seconds" : ""));
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
        for (Runnable collector : collectors) {
            collector.run();
        }
        List<Family> sorted = new ArrayList<>(new TreeMap<>(families).values());
        for (Family family : sorted) {
            out.write("# HELP " + family.name() + ' ' + family.help().replace("\\", "\\\\").replace("\n", "\\n") + '\n');
            out.write("# TYPE " + family.name() + ' ' + (family.kind() == Kind.COUNTER ? "counter" : "gauge") + '\n');
            for (Map.Entry<String, AtomicLong> series : new TreeMap<>(family.series()).entrySet()) {
                long value = series.getValue().get();
                String text = family.nanos() ? BigDecimal.valueOf(value, 9).stripTrailingZeros().toPlainString()
                        : Long.toString(value);
                out.write(family.name() + series.getKey() + ' ' + text + '\n');
            }
        }
    }
}
