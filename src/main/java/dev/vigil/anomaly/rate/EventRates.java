package dev.vigil.anomaly.rate;

import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns a stream of events into per-entity values per time bucket, the input of {@link RateDetector}: for each
 * {@link Measure}, per value of its key field (a client address, a user, an endpoint, a host), the number of events,
 * of 4xx or 5xx statuses, or the sum of a numeric field, in each bucket of {@code bucket} length (by event time).
 *
 * <p>Buckets close when an event of a later bucket arrives (or at {@link #flush}); each closed bucket gives one
 * {@link Point} per measure and key that had an event in it, in key order — an entity without events in a bucket
 * gives no point, so a series is the entity's activity while it is active. An event older than the open bucket, one
 * without a timestamp and one without the key field is not counted, and is counted in {@link #late()},
 * {@link #untimed()}, {@link #unkeyed()}. At most {@code maxKeys} keys per measure are kept in a bucket; events of
 * further keys are counted in {@link #overflow()}.
 */
public final class EventRates {
    /** What a measure counts per key. */
    public enum Kind {
        /** Events. */
        EVENTS,
        /** Events whose value field is an HTTP status 400–499. */
        CLIENT_ERRORS,
        /** Events whose value field is an HTTP status 500–599. */
        SERVER_ERRORS,
        /** The sum of the value field, where it is a number. */
        SUM
    }

    /** One series family: {@code name} per value of {@code keyField}, counting {@code kind} (of {@code valueField}). */
    public record Measure(String name, String keyField, Kind kind, String valueField) {
    }

    /** One value of one entity's series: entity is {@code "<measure> <keyField>=<key>"}. */
    public record Point(String entity, Instant bucketStart, double value) {
    }

    private final long bucketMillis;
    private final List<Measure> measures;
    private final int maxKeys;
    private final List<Map<String, double[]>> open;
    private long openBucket = Long.MIN_VALUE;
    private long late;
    private long untimed;
    private long unkeyed;
    private long overflow;

    public EventRates(Duration bucket, List<Measure> measures, int maxKeys) {
        if (bucket.toMillis() < 1 || measures.isEmpty() || maxKeys < 1) {
            throw new IllegalArgumentException("need a bucket of at least 1 ms, a measure and maxKeys of at least 1");
        }
        this.bucketMillis = bucket.toMillis();
        this.measures = List.copyOf(measures);
        this.maxKeys = maxKeys;
        this.open = measures.stream().<Map<String, double[]>>map(m -> new HashMap<>()).toList();
    }

    /**
     * Requests, 4xx, 5xx and bytes sent per client address ({@code c-ip}); requests per user ({@code cs-username}),
     * per endpoint ({@code cs-uri-stem}) and per server ({@code s-ip}): IIS W3C field names.
     */
    public static List<Measure> webMeasures() {
        return List.of(
                new Measure("requests", "c-ip", Kind.EVENTS, null),
                new Measure("4xx", "c-ip", Kind.CLIENT_ERRORS, "sc-status"),
                new Measure("5xx", "c-ip", Kind.SERVER_ERRORS, "sc-status"),
                new Measure("bytes-out", "c-ip", Kind.SUM, "sc-bytes"),
                new Measure("requests", "cs-username", Kind.EVENTS, null),
                new Measure("requests", "cs-uri-stem", Kind.EVENTS, null),
                new Measure("requests", "s-ip", Kind.EVENTS, null));
    }

    /** Counts {@code event}; passes the points of buckets it closes to {@code out}. */
    public void accept(Event event, Consumer<Point> out) {
        Instant time = event.timestamp();
        if (time == null) {
            untimed++;
            return;
        }
        long bucket = Math.floorDiv(time.toEpochMilli(), bucketMillis);
        if (bucket < openBucket) {
            late++;
            return;
        }
        if (bucket > openBucket) {
            flush(out);
            openBucket = bucket;
        }
        for (int m = 0; m < measures.size(); m++) {
            Measure measure = measures.get(m);
            Value key = event.get(measure.keyField());
            String keyText = key == null ? "" : key.text();
            if (keyText.isEmpty() || keyText.equals("-")) {
                unkeyed++;
                continue;
            }
            Map<String, double[]> counts = open.get(m);
            double[] sum = counts.get(keyText);
            if (sum == null) {
                if (counts.size() >= maxKeys) {
                    overflow++;
                    continue;
                }
                sum = new double[1];
                counts.put(keyText, sum);
            }
            sum[0] += contribution(measure, event);
        }
    }

    private static double contribution(Measure measure, Event event) {
        if (measure.kind() == Kind.EVENTS) {
            return 1;
        }
        Value value = event.get(measure.valueField());
        double number = value == null ? Double.NaN : Value.parseNumber(value.text());
        return switch (measure.kind()) {
            case CLIENT_ERRORS -> number >= 400 && number < 500 ? 1 : 0;
            case SERVER_ERRORS -> number >= 500 && number < 600 ? 1 : 0;
            case SUM -> Double.isFinite(number) ? number : 0;
            case EVENTS -> 1;
        };
    }

    /** Closes the open bucket: passes its points to {@code out}. */
    public void flush(Consumer<Point> out) {
        if (openBucket == Long.MIN_VALUE) {
            return;
        }
        Instant start = Instant.ofEpochMilli(openBucket * bucketMillis);
        for (int m = 0; m < measures.size(); m++) {
            Measure measure = measures.get(m);
            for (Map.Entry<String, double[]> e : new TreeMap<>(open.get(m)).entrySet()) {
                out.accept(new Point(measure.name() + " " + measure.keyField() + "=" + e.getKey(), start, e.getValue()[0]));
            }
            open.get(m).clear();
        }
    }

    public long late() {
        return late;
    }

    public long untimed() {
        return untimed;
    }

    public long unkeyed() {
        return unkeyed;
    }

    public long overflow() {
        return overflow;
    }
}
