package dev.vigil.respond;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.source.SyslogFramer;
import dev.vigil.ingest.syslog.SyslogFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogSinkTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00.123456Z"), ZoneOffset.UTC);

    private static Event parse(byte[] message) throws Exception {
        try (EventReader reader = new SyslogFormat(CLOCK).open(new ByteArrayInputStream(message), "syslog", problem -> {
            throw new AssertionError(problem.toString());
        })) {
            return reader.next();
        }
    }

    private static String text(Event event, String field) {
        assertThat(event.get(field)).as(field).isNotNull();
        return ((dev.vigil.event.Value.Text) event.get(field)).text();
    }

    @Test
    void udpDatagramIsRfc5424WithTheAlertAsStructuredData() throws Exception {
        Alert alert = Alerts.alert(3);
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             SyslogSink sink = new SyslogSink(new SyslogSink.Options(SyslogSink.Transport.UDP,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort()), 4, "vigil-host"), CLOCK)) {
            receiver.setSoTimeout(10_000);
            sink.send(alert);
            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            receiver.receive(packet);
            byte[] message = Arrays.copyOf(packet.getData(), packet.getLength());
            String raw = new String(message, StandardCharsets.UTF_8);
            // facility 4 (auth), severity 3 (high)
            assertThat(raw).startsWith("<35>1 2024-05-01T12:00:00.123Z vigil-host vigil - alert [alert@32473 id=\"" + alert.id() + "\"")
                    .contains("rule_title=\"Failed logon \\\"burst\\\" \\]\"")
                    .contains("[group@32473 TargetUserName=\"admin\" bad_name__x__=\"v\\\"\\]\"]")
                    .endsWith(" \uFEFFFailed logon \"burst\" ]");
            Event event = parse(message);
            assertThat(text(event, "sd.alert@32473.id")).isEqualTo(alert.id());
            assertThat(text(event, "sd.alert@32473.rule_title")).isEqualTo("Failed logon \"burst\" ]");
            assertThat(text(event, "sd.alert@32473.tags")).isEqualTo("attack.credential_access,attack.t1110");
            assertThat(text(event, "sd.alert@32473.record")).isEqualTo("3");
            assertThat(text(event, "sd.group@32473.TargetUserName")).isEqualTo("admin");
            assertThat(text(event, "msgid")).isEqualTo("alert");
        }
    }

    @Test
    void tcpUsesOctetCountingAndReconnectsAfterTheReceiverDropsTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             SyslogSink sink = new SyslogSink(new SyslogSink.Options(SyslogSink.Transport.TCP,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 13, "h"), CLOCK)) {
            server.setSoTimeout(10_000);
            sink.send(Alerts.alert(1));
            sink.send(Alerts.alert(2));
            try (Socket first = server.accept()) {
                first.setSoTimeout(10_000);
                SyslogFramer framer = new SyslogFramer(first.getInputStream(), 65536, length -> {
                    throw new AssertionError("oversize");
                });
                assertThat(parse(framer.next()).get("sd.alert@32473.id").toString()).contains(Alerts.alert(1).id());
                assertThat(framer.framing()).isEqualTo(SyslogFramer.Framing.OCTET_COUNTING);
                assertThat(parse(framer.next()).get("sd.alert@32473.id").toString()).contains(Alerts.alert(2).id());
            }
            // the receiver closed the connection; once its FIN has arrived the sink sees it and reconnects
            Thread.sleep(100);
            for (int i = 3; i < 6; i++) {
                sink.send(Alerts.alert(i));
            }
            try (Socket second = server.accept()) {
                second.setSoTimeout(10_000);
                SyslogFramer framer = new SyslogFramer(second.getInputStream(), 65536, length -> { });
                for (int i = 3; i < 6; i++) {
                    assertThat(text(parse(framer.next()), "sd.alert@32473.id")).isEqualTo(Alerts.alert(i).id());
                }
            }
        }
    }

    @Test
    void severityFollowsTheLevelAndNamesAreCut() {
        assertThat(SyslogSink.severity("critical")).isEqualTo(2);
        assertThat(SyslogSink.severity("informational")).isEqualTo(6);
        assertThat(SyslogSink.sdName("x".repeat(40))).hasSize(32);
        assertThat(SyslogSink.sdName("")).isEqualTo("_");
    }
}
