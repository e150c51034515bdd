package dev.vigil.runtime;

import dev.vigil.ingest.source.HttpIngestServer;
import dev.vigil.ingest.source.Metrics;
import dev.vigil.ingest.source.RecordSink;
import dev.vigil.ingest.source.SourceRecord;
import dev.vigil.ingest.source.SyslogTcpReceiver;
import dev.vigil.ingest.source.SyslogUdpReceiver;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded queue between receivers and pipeline, and what each receiver does when it is full. */
class IngestQueueTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    /** A pipeline that takes records only after {@link #open} (so the queue fills meanwhile). */
    private static final class GatedPipeline implements RecordSink {
        final CountDownLatch gate = new CountDownLatch(1);
        final List<String> taken = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean offer(SourceRecord record) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            taken.add(new String(record.data(), StandardCharsets.UTF_8));
            return true;
        }

        void open() {
            gate.countDown();
        }
    }

    private static SourceRecord record(String text, long position) {
        return new SourceRecord("test", "json", text.getBytes(StandardCharsets.UTF_8), position);
    }

    @Test
    void refusesBeyondItsBoundsTakesBatchesWholeAndDrainsInOrder() throws Exception {
        Metrics metrics = new Metrics();
        GatedPipeline pipeline = new GatedPipeline();
        IngestQueue queue = new IngestQueue(new IngestQueue.Limits(3, 1 << 20), pipeline, metrics);
        assertThat(queue.offer(record("a", 1))).isTrue(); // the drain thread takes it and waits at the gate
        for (int i = 0; i < 200 && queue.size() > 0; i++) {
            Thread.sleep(5);
        }
        assertThat(queue.offerAll(List.of(record("b", 2), record("c", 3)))).isTrue();
        assertThat(queue.offerAll(List.of(record("d", 4), record("e", 5)))).isFalse(); // 4 > 3: none of it
        assertThat(queue.offer(record("d", 4))).isTrue();
        assertThat(queue.offer(record("x", 9))).isFalse();
        assertThat(metrics.value("vigil_queue_records", "queue", "ingest")).isEqualTo(3);
        assertThat(metrics.value("vigil_queue_refused_total", "queue", "ingest")).isEqualTo(3);
        assertThat(metrics.value("vigil_queue_records_max", "queue", "ingest")).isEqualTo(3);
        pipeline.open();
        assertThat(queue.awaitEmpty(10_000)).isTrue();
        queue.close();
        assertThat(pipeline.taken).containsExactly("a", "b", "c", "d");
        assertThat(metrics.value("vigil_queue_records", "queue", "ingest")).isZero();
        assertThat(metrics.value("vigil_queue_bytes", "queue", "ingest")).isZero();
    }

    @Test
    void theByteBoundRefusesTooAndABatchOverTheBoundsGetsIntoAnEmptyQueue() throws Exception {
        Metrics metrics = new Metrics();
        GatedPipeline pipeline = new GatedPipeline();
        IngestQueue queue = new IngestQueue(new IngestQueue.Limits(100, 10), pipeline, metrics);
        assertThat(queue.offer(record("0123456789abc", 1))).isTrue(); // 13 bytes > 10, but the queue was empty
        for (int i = 0; i < 200 && queue.size() > 0; i++) {
            Thread.sleep(5);
        }
        assertThat(queue.offer(record("12345678", 2))).isTrue();
        assertThat(queue.offer(record("123", 3))).isFalse(); // 8 + 3 > 10
        assertThat(metrics.value("vigil_queue_bytes", "queue", "ingest")).isEqualTo(8);
        pipeline.open();
        queue.close();
        assertThat(pipeline.taken).containsExactly("0123456789abc", "12345678");
    }

    @Test
    void closeHandsOverWhatIsQueuedAndFormatOverridesApply() throws Exception {
        List<SourceRecord> seen = Collections.synchronizedList(new ArrayList<>());
        IngestQueue queue = new IngestQueue(IngestQueue.Limits.DEFAULT, record -> seen.add(record), new Metrics());
        RecordSink json = queue.withFormat("json");
        for (int i = 0; i < 1000; i++) {
            assertThat(json.offer(new SourceRecord("syslog-tcp:x", "syslog", new byte[] {'{', '}'}, i))).isTrue();
        }
        queue.close();
        assertThat(seen).hasSize(1000).allSatisfy(r -> assertThat(r.format()).isEqualTo("json"));
        assertThat(queue.offer(record("late", 1))).isFalse(); // closed: refuses
    }

    @Test
    void whenFullHttpAnswers429TcpHoldsBackWithoutLossAndUdpDropsAndCounts() throws Exception {
        Metrics metrics = new Metrics();
        GatedPipeline pipeline = new GatedPipeline();
        IngestQueue queue = new IngestQueue(new IngestQueue.Limits(5, 1 << 20), pipeline, metrics);
        try (HttpIngestServer http = new HttpIngestServer(HttpIngestServer.Options.defaults(ANY), queue, metrics);
             SyslogTcpReceiver tcp = new SyslogTcpReceiver(SyslogTcpReceiver.Options.plain(ANY), queue, metrics);
             SyslogUdpReceiver udp = new SyslogUdpReceiver(ANY, 65_536, queue, metrics)) {
            // fill: one record held at the gate by the drain thread, five in the queue
            for (int i = 0; i < 6; i++) {
                while (!queue.offer(record("fill-" + i, i))) {
                    Thread.sleep(1);
                }
                Thread.sleep(i == 0 ? 50 : 0);
            }
            assertThat(queue.size()).isEqualTo(5);

            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + http.port() + "/ingest"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}\n{\"n\":2}\n")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(metrics.value("vigil_http_responses_total", "source", http.source(), "code", "429")).isEqualTo(1);

            try (DatagramSocket socket = new DatagramSocket()) {
                for (int i = 0; i < 3; i++) {
                    byte[] data = ("<13>Nov 22 10:00:00 h app: udp-" + i).getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", udp.port())));
                }
            }
            for (int i = 0; i < 400 && metrics.value("vigil_source_dropped_total", "source", udp.source(), "reason", "queue_full") < 3; i++) {
                Thread.sleep(5);
            }
            assertThat(metrics.value("vigil_source_dropped_total", "source", udp.source(), "reason", "queue_full")).isEqualTo(3);

            try (Socket socket = new Socket("127.0.0.1", tcp.port())) {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < 20; i++) {
                    out.write(("<13>Nov 22 10:00:00 h app: tcp-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                for (int i = 0; i < 400 && metrics.value("vigil_source_backpressure_total", "source", tcp.source()) == 0; i++) {
                    Thread.sleep(5);
                }
                assertThat(metrics.value("vigil_source_backpressure_total", "source", tcp.source())).isEqualTo(1);
                Thread.sleep(100);
                pipeline.open(); // room again: the TCP messages held back all arrive, in order
                for (int i = 0; i < 1000 && pipeline.taken.stream().filter(t -> t.contains("tcp-")).count() < 20; i++) {
                    Thread.sleep(5);
                }
            }
            List<String> tcpTaken = pipeline.taken.stream().filter(t -> t.contains("tcp-")).toList();
            assertThat(tcpTaken).hasSize(20);
            assertThat(tcpTaken.get(19)).endsWith("tcp-19");
            assertThat(metrics.value("vigil_source_dropped_total", "source", tcp.source(), "reason", "queue_full")).isZero();
            assertThat(metrics.value("vigil_source_backpressure_seconds_total", "source", tcp.source()))
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(pipeline.taken).noneMatch(t -> t.contains("udp-") || t.contains("\"n\""));
        }
        queue.close();
    }
}
