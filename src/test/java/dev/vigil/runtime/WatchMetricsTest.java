package dev.vigil.runtime;

import dev.vigil.ingest.source.FileTail;
import dev.vigil.ingest.source.Metrics;
import dev.vigil.ingest.source.MetricsServer;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} scraped over HTTP while a watch runs, with values that move as events flow. */
class WatchMetricsTest {
    @TempDir
    Path dir;

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body();
    }

    /** Series by name{labels}; checks that each family has its HELP and TYPE lines before its samples. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts[3]).isIn("counter", "gauge");
                typed.add(parts[2]);
            } else {
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, space);
                String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                assertThat(helped).as("HELP before %s", name).contains(name);
                assertThat(typed).as("TYPE before %s", name).contains(name);
                out.put(key, Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    @Test
    void pipelineQueueSourceAndMemorySeriesMoveAsEventsFlow() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, WatchTest.RULES, StandardCharsets.UTF_8);
        RuleSet set = new RuleLoader().addPath(rules).build();
        Path log = dir.resolve("security.jsonl");
        Files.writeString(log, WatchTest.failedLogin(0, "alice"), StandardCharsets.UTF_8);
        Metrics metrics = new Metrics();
        Watch watch = new Watch(WatchTest.detector(set), set.correlations(), java.time.Clock.systemUTC(),
                new Watch.Options(List.of(new FileTail.Pattern(log, "json")), dir.resolve("state"),
                        new Watch.JsonlSink(dir.resolve("alerts.jsonl"), 0, 1), false, null, null), null);
        WatchMetrics.register(metrics, watch, java.time.Clock.systemUTC());
        AtomicBoolean stop = new AtomicBoolean();
        Thread loop = new Thread(() -> {
            try {
                watch.run(stop, Duration.ofMillis(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (watch; MetricsServer server = new MetricsServer(new InetSocketAddress("127.0.0.1", 0), metrics)) {
            watch.spoolNetwork(RecordSpool.DEFAULT_MAX_BYTES);
            watch.start();
            dev.vigil.ingest.source.RecordSink queue = watch.network();
            loop.start();
            String source = log.toString();
            Map<String, Double> first = awaitSeries(server.port(), "vigil_pipeline_records_total{source=\"" + source + "\"}", 1);
            assertThat(first.get("vigil_pipeline_events_total{source=\"" + source + "\"}")).isEqualTo(1.0);
            assertThat(first.get("vigil_detections_total")).isEqualTo(1.0);
            assertThat(first.get("vigil_alerts_total")).isEqualTo(1.0);
            assertThat(first.get("vigil_queue_bytes_max{queue=\"spool\"}")).isEqualTo((double) RecordSpool.DEFAULT_MAX_BYTES);
            assertThat(first.get("vigil_jvm_heap_max_bytes")).isPositive();

            Files.writeString(log, WatchTest.failedLogin(1, "bob") + "not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertThat(queue.offer(new dev.vigil.ingest.source.SourceRecord("http:test \"q\"", "json",
                    WatchTest.failedLogin(2, "carol").strip().getBytes(StandardCharsets.UTF_8), 1))).isTrue();
            Map<String, Double> second = awaitSeries(server.port(), "vigil_pipeline_records_total{source=\"" + source + "\"}", 3);
            second = awaitSeries(server.port(), "vigil_pipeline_records_total{source=\"http:test \\\"q\\\"\"}", 1);
            assertThat(second.get("vigil_pipeline_unparsed_total{source=\"" + source + "\"}")).isEqualTo(1.0);
            assertThat(queue.offer(new dev.vigil.ingest.source.SourceRecord("http:test \"q\"", "json",
                    "{\"EventID\":1,\"@timestamp\":\"2025-07-18T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8), 2))).isTrue();
            second = awaitSeries(server.port(), "vigil_pipeline_records_total{source=\"http:test \\\"q\\\"\"}", 2);
            assertThat(second.get("vigil_source_event_lag_seconds{source=\"http:test \\\"q\\\"\"}"))
                    .as("an event of 2025: more than 100 days behind").isGreaterThan(100 * 86_400.0);
            assertThat(second.get("vigil_detections_total")).isEqualTo(3.0);
            assertThat(second.get("vigil_alerts_total")).isEqualTo(3.0);
            // checkpoints come at most every 100 ms, after the records they cover were processed
            for (int i = 0; i < 1000 && second.get("vigil_checkpoints_total") <= first.get("vigil_checkpoints_total"); i++) {
                Thread.sleep(10);
                second = parse(scrape(server.port()));
            }
            assertThat(second.get("vigil_checkpoints_total")).isGreaterThan(first.get("vigil_checkpoints_total"));
            for (Map.Entry<String, Double> entry : first.entrySet()) {
                if (entry.getKey().contains("_total")) {
                    assertThat(second.get(entry.getKey())).as("monotonic %s", entry.getKey()).isGreaterThanOrEqualTo(entry.getValue());
                }
            }
            Map<String, Double> third = awaitSeries(server.port(), "vigil_file_lag_bytes{source=\"" + source + "\"}", 0);
            assertThat(third.get("vigil_file_lag_bytes{source=\"" + source + "\"}")).isZero(); // read to its end
            stop.set(true);
            loop.join();
        }
    }

    @Test
    void sinksAreCountedSentAndFailed() throws Exception {
        Metrics metrics = new Metrics();
        dev.vigil.rules.SigmaRule rule = new RuleLoader().addText("r.yml", WatchTest.RULES).build().rules().get(0);
        dev.vigil.engine.Detection detection = new dev.vigil.engine.Detection(rule,
                dev.vigil.event.FieldEvent.builder(new dev.vigil.event.Origin("s", "json", 1)).put("EventID", "4625").build(),
                java.time.Instant.parse("2025-07-18T10:00:00Z"));
        boolean[] down = {false};
        dev.vigil.respond.AlertSink syslog = WatchMetrics.counted("syslog", new dev.vigil.respond.AlertSink() {
            @Override
            public void send(dev.vigil.respond.Alert alert) throws java.io.IOException {
                if (down[0]) {
                    throw new java.io.IOException("connection refused");
                }
            }

            @Override
            public void close() {
            }
        }, metrics);
        DetectionSink console = WatchMetrics.counted("console", WatchTest.sink(new java.util.ArrayList<>()), metrics);
        syslog.send(dev.vigil.respond.Alert.of(detection));
        console.accept(detection);
        down[0] = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> syslog.send(dev.vigil.respond.Alert.of(detection)))
                .hasMessage("connection refused");
        assertThat(metrics.value("vigil_sink_alerts_total", "sink", "syslog", "outcome", "sent")).isEqualTo(1);
        assertThat(metrics.value("vigil_sink_alerts_total", "sink", "syslog", "outcome", "failed")).isEqualTo(1);
        assertThat(metrics.value("vigil_sink_alerts_total", "sink", "console", "outcome", "sent")).isEqualTo(1);

        // the console prints the rows a checkpoint covers when flushed: counting it must not hide its flush
        int[] flushes = {0};
        class Buffered implements DetectionSink, java.io.Flushable {
            @Override
            public void accept(dev.vigil.engine.Detection d) {
            }

            @Override
            public void flush() {
                flushes[0]++;
            }

            @Override
            public void close() {
            }
        }
        new AlertSinks(List.of(WatchMetrics.counted("console", new Buffered(), metrics)), List.of()).flush();
        assertThat(flushes[0]).isEqualTo(1);
    }

    /** Scrapes until {@code series} is {@code value} (at most 10 s), returning the last scrape. */
    private static Map<String, Double> awaitSeries(int port, String series, double value) throws Exception {
        Map<String, Double> now = parse(scrape(port));
        for (int i = 0; i < 1000 && (now.get(series) == null || now.get(series) != value); i++) {
            Thread.sleep(10);
            now = parse(scrape(port));
        }
        assertThat(now.get(series)).as(series).isEqualTo(value);
        return now;
    }
}
