package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogUdpReceiverTest {
    private static void send(DatagramSocket client, int port, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void eachDatagramIsOneRecordAndRefusedOnesAreCountedAsDrops() throws Exception {
        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(100);
        try (SyslogUdpReceiver receiver = new SyslogUdpReceiver(new InetSocketAddress("127.0.0.1", 0), 64, sink, metrics);
             DatagramSocket client = new DatagramSocket()) {
            String source = receiver.source();
            assertThat(source).isEqualTo("syslog-udp:127.0.0.1:" + receiver.port());
            send(client, receiver.port(), "<13>one\nstill one");
            SourceRecord first = sink.take();
            assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo("<13>one\nstill one");
            assertThat(first.format()).isEqualTo("syslog");
            assertThat(first.source()).isEqualTo(source);
            assertThat(first.position()).isEqualTo(1);

            sink.refuse(true);
            send(client, receiver.port(), "<13>lost 1");
            send(client, receiver.port(), "<13>lost 2");
            Await.until("two drops", () -> metrics.value(ReceiverCounters.DROPPED, "source", source, "reason", "queue_full") == 2);
            sink.refuse(false);
            send(client, receiver.port(), "<13>" + "x".repeat(61));
            Await.until("an oversize drop", () -> metrics.value(ReceiverCounters.DROPPED, "source", source, "reason", "oversize") == 1);
            send(client, receiver.port(), "<13>" + "y".repeat(60));
            SourceRecord last = sink.take();
            assertThat(last.data()).hasSize(64);
            assertThat(last.position()).isGreaterThan(first.position());
            Await.until("2 records counted", () -> metrics.value(ReceiverCounters.RECORDS, "source", source) == 2);
            assertThat(sink.size()).isZero();
        }
    }
}
