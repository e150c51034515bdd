package dev.vigil.runtime;

import dev.vigil.correlate.Correlator;
import dev.vigil.engine.Detection;
import dev.vigil.ingest.source.FilePosition;
import dev.vigil.ingest.source.Metrics;
import dev.vigil.respond.Alert;
import dev.vigil.respond.AlertSink;
import dev.vigil.respond.WebhookSink;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watch pipeline's series in the {@link Metrics} registry that {@code /metrics} serves. Counters kept by the
 * pipeline ({@link Watch#counts}, {@link Watch#sourceCounts}, the correlator's) are copied in before each scrape;
 * they only grow within a process, so the counters are monotonic. Sinks are counted by wrapping them
 * ({@link #counted}). Series (the receivers' and the queue's are documented with them):
 * <pre>
 * vigil_pipeline_records_total{source}           counter  records the pipeline took from a source
 * vigil_pipeline_events_total{source}            counter  events parsed from them
 * vigil_pipeline_unparsed_total{source}          counter  records that gave no event (unknown format, bad line)
 * vigil_detections_total                         counter  rule matches
 * vigil_alerts_total                             counter  alerts made (after suppression), all written to the JSONL file
 * vigil_alerts_suppressed_total                  counter  repeats left out by suppression
 * vigil_detections_late_total                    counter  detections too late for the correlations (dropped from them)
 * vigil_correlation_state_dropped_total{what}    counter  correlation state bound hit: groups, events (per group)
 * vigil_correlation_missing_group_by_total       counter  detections without a group-by field of their correlation
 * vigil_checkpoints_total                        counter  durable checkpoints written
 * vigil_sink_alerts_total{sink,outcome}          counter  alerts per sink: sent, failed (webhook: delivered, failed attempts)
 * vigil_sink_queued{sink}                        gauge    alerts waiting in a sink (the webhook's disk spool)
 * vigil_queue_bytes{queue="spool"}               gauge    bytes of network records received, not yet processed
 * vigil_queue_disk_bytes{queue="spool"}          gauge    bytes on disk in the spool (what its bound limits)
 * vigil_queue_bytes_max{queue="spool"}           gauge    the bound (spool-max-bytes)
 * vigil_queue_refused_total{queue="spool"}       counter  records refused for want of room (429, TCP waits, UDP drops)
 * vigil_source_event_lag_seconds{source}         gauge    now minus the newest event time seen from a source
 * vigil_file_lag_bytes{source}                   gauge    bytes of a followed file behind its end, as of the last checkpoint
 * vigil_process_resident_memory_bytes            gauge    resident set size (Linux /proc/self/status VmRSS)
 * vigil_process_resident_memory_peak_bytes       gauge    its peak (VmHWM)
 * vigil_jvm_heap_used_bytes / _max_bytes         gauge    Java heap in use, and its bound (-Xmx)
 * </pre>
 */
public final class WatchMetrics {
    private WatchMetrics() {
    }

    /** Registers the collector that copies the pipeline's counts into {@code metrics} before each scrape. */
    public static void register(Metrics metrics, Watch watch, Clock clock) {
        metrics.onScrape(() -> collect(metrics, watch, clock));
    }

    private static void collect(Metrics metrics, Watch watch, Clock clock) {
        Watch.Counts counts = watch.counts();
        metrics.counter("vigil_detections_total", "Rule matches.").set(counts.detections());
        metrics.counter("vigil_alerts_total", "Alerts made after suppression (all written to the JSONL sink when set).")
                .set(counts.alerts());
        metrics.counter("vigil_alerts_suppressed_total", "Repeats left out by suppression.").set(counts.suppressed());
        metrics.counter("vigil_detections_late_total",
                "Detections older than the allowed lateness: dropped from the correlations (still alerted on their own).")
                .set(counts.late());
        metrics.counter("vigil_checkpoints_total", "Durable checkpoints written.").set(counts.checkpoints());
        RecordSpool spool = watch.network();
        if (spool != null) {
            metrics.gauge("vigil_queue_bytes", "Bytes of network records received and not yet processed (the write-ahead spool).",
                    "queue", "spool").set(spool.pending());
            metrics.gauge("vigil_queue_disk_bytes", "Bytes on disk in the write-ahead spool of network records.",
                    "queue", "spool").set(spool.size());
            metrics.gauge("vigil_queue_bytes_max", "The bound of the write-ahead spool (spool-max-bytes).",
                    "queue", "spool").set(spool.maxBytes());
            metrics.counter("vigil_queue_refused_total",
                    "Records refused for want of room (HTTP then answers 429, TCP stops reading, UDP drops and counts).",
                    "queue", "spool").set(spool.refused());
        }
        Correlator.Counts correlation = watch.correlationCounts();
        String dropped = "Correlation state bound hits: groups dropped (groups per correlation) or events dropped (events per group).";
        metrics.counter("vigil_correlation_state_dropped_total", dropped, "what", "groups").set(correlation.droppedGroups());
        metrics.counter("vigil_correlation_state_dropped_total", dropped, "what", "events").set(correlation.droppedEvents());
        metrics.counter("vigil_correlation_missing_group_by_total",
                "Detections that lack a group-by field of their correlation.").set(correlation.missingGroupBy());
        long now = clock.millis();
        for (Map.Entry<String, Watch.SourceCounts> entry : watch.sourceCounts().entrySet()) {
            String source = entry.getKey();
            Watch.SourceCounts c = entry.getValue();
            metrics.counter("vigil_pipeline_records_total", "Records the pipeline took from a source.", "source", source)
                    .set(c.records());
            metrics.counter("vigil_pipeline_events_total", "Events parsed from a source's records.", "source", source)
                    .set(c.events());
            metrics.counter("vigil_pipeline_unparsed_total",
                    "Records that gave no event (format not recognised, or a line the reader rejected).", "source", source)
                    .set(c.unparsed());
            if (c.newestEventMillis() > 0) {
                metrics.secondsGauge("vigil_source_event_lag_seconds",
                        "Now minus the newest event time seen from a source (includes the sender's own delay).", "source", source)
                        .set(Math.max(0, now - c.newestEventMillis()) * 1_000_000L);
            }
        }
        for (Map.Entry<String, FilePosition> entry : watch.checkpointedPositions().entrySet()) {
            long size;
            try {
                size = Files.size(Path.of(entry.getKey()));
            } catch (IOException | RuntimeException e) {
                continue; // rotated away or unreadable now: no figure rather than a wrong one
            }
            metrics.gauge("vigil_file_lag_bytes", "Bytes of a followed file after the position of the last checkpoint.",
                    "source", entry.getKey()).set(Math.max(0, size - entry.getValue().offset()));
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        metrics.gauge("vigil_jvm_heap_used_bytes", "Java heap in use.").set(heap.getUsed());
        metrics.gauge("vigil_jvm_heap_max_bytes", "The Java heap bound (-Xmx).").set(heap.getMax());
        long[] rss = residentMemory();
        if (rss != null) {
            metrics.gauge("vigil_process_resident_memory_bytes", "Resident set size of the process.").set(rss[0]);
            metrics.gauge("vigil_process_resident_memory_peak_bytes", "Peak resident set size of the process.").set(rss[1]);
        }
    }

    /** VmRSS and VmHWM of this process in bytes (Linux), or null where /proc is not there. */
    static long[] residentMemory() {
        try {
            long[] out = new long[2];
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    out[0] = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    out[1] = kib(line);
                }
            }
            return out[0] > 0 ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    /**
     * {@code sink} with its alerts counted under {@code vigil_sink_alerts_total{sink=name, outcome=sent|failed}};
     * a webhook's delivered alerts, failed attempts and spooled alerts are read from it at each scrape instead.
     */
    public static AlertSink counted(String name, AlertSink sink, Metrics metrics) {
        if (sink instanceof WebhookSink webhook) {
            metrics.onScrape(() -> {
                metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "sent").set(webhook.delivered());
                metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "failed").set(webhook.failures());
                metrics.gauge("vigil_sink_queued", "Alerts waiting in a sink's queue (the webhook's disk spool).", "sink", name)
                        .set(webhook.pending());
            });
            return sink;
        }
        AtomicLong sent = metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "sent");
        AtomicLong failed = metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "failed");
        return new AlertSink() {
            @Override
            public void send(Alert alert) throws IOException {
                count(sent, failed, () -> sink.send(alert));
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }

    /** As {@link #counted(String, AlertSink, Metrics)}, for a detection sink (the console). */
    public static DetectionSink counted(String name, DetectionSink sink, Metrics metrics) {
        AtomicLong sent = metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "sent");
        AtomicLong failed = metrics.counter(SENT_NAME, SENT_HELP, "sink", name, "outcome", "failed");
        return new CountedSink(sink, sent, failed);
    }

    /** A sink counted; flushing reaches the sink (the console writes the rows a checkpoint covers when flushed). */
    private static final class CountedSink implements DetectionSink, java.io.Flushable {
        private final DetectionSink sink;
        private final AtomicLong sent;
        private final AtomicLong failed;

        CountedSink(DetectionSink sink, AtomicLong sent, AtomicLong failed) {
            this.sink = sink;
            this.sent = sent;
            this.failed = failed;
        }

        @Override
        public void accept(Detection detection) throws IOException {
            count(sent, failed, () -> sink.accept(detection));
        }

        @Override
        public void flush() throws IOException {
            if (sink instanceof java.io.Flushable flushable) {
                flushable.flush();
            }
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }

    private interface Delivery {
        void run() throws IOException;
    }

    private static void count(AtomicLong sent, AtomicLong failed, Delivery delivery) throws IOException {
        try {
            delivery.run();
            sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    private static final String SENT_NAME = "vigil_sink_alerts_total";
    private static final String SENT_HELP = "Alerts per sink and outcome (webhook: delivered, and failed attempts that are retried).";
}
