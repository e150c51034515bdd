package dev.vigil.runtime;

import dev.vigil.ingest.source.FileTail;
import dev.vigil.ingest.source.Metrics;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Syslog and HTTP sources of a watch configuration, started by {@link Receivers} and delivering into the pipeline. */
class WatchReceiversTest {
    static final String SSH_RULE = """
            title: SSH password failure
            id: 0b0e3c5a-2f8e-4d0e-9a37-4a3f7e1c2b11
            logsource: {product: linux, service: sshd}
            detection:
                keywords: ['Failed password']
                condition: keywords
            level: medium
            """;

    @TempDir
    Path dir;

    @Test
    void syslogOverUdpAndNdjsonOverHttpReachTheRulesAndTheAlertFile() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, WatchTest.RULES + "---\n" + SSH_RULE, StandardCharsets.UTF_8);
        RuleSet set = new RuleLoader().addPath(rules).build();
        Path config = dir.resolve("vigil.yml");
        Files.writeString(config, """
                sources:
                  - syslog: {protocol: udp, listen: "127.0.0.1:0"}
                  - http: {listen: "127.0.0.1:0"}
                state: %s
                sinks:
                  jsonl: {path: %s}
                """.formatted(dir.resolve("state"), dir.resolve("alerts.jsonl")), StandardCharsets.UTF_8);
        WatchConfig settings = WatchConfig.load(config);
        Metrics metrics = new Metrics();
        try (Watch watch = new Watch(WatchTest.detector(set), set.correlations(), WatchTest.CLOCK,
                new Watch.Options(List.<FileTail.Pattern>of(), settings.state(), settings.jsonl(), false, null, null), null);
             Receivers receivers = new Receivers(metrics)) {
            watch.start();
            int udp = -1;
            int http = -1;
            for (WatchConfig.Source source : settings.sources()) {
                Receivers.Started started = receivers.start((WatchConfig.ReceiverSource) source, watch, "vigil.yml:" + source.line());
                if (started.source().contains("udp")) {
                    udp = started.port();
                } else {
                    http = started.port();
                }
            }
            byte[] message = "<38>Nov 22 10:00:00 web01 sshd[4242]: Failed password for root from 203.0.113.7 port 52144 ssh2"
                    .getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(message, message.length, new InetSocketAddress("127.0.0.1", udp)));
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + http + "/ingest"))
                    .POST(HttpRequest.BodyPublishers.ofString(WatchTest.failedLogin(0, "alice") + WatchTest.failedLogin(1, "bob")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            for (int i = 0; i < 200 && watch.counts().records() < 3; i++) {
                Thread.sleep(10); // the UDP datagram arrives on the receiver's own thread
            }
            assertThat(watch.counts().records()).isEqualTo(3);
            watch.checkpoint();
            List<String> alerts = Files.readAllLines(dir.resolve("alerts.jsonl"), StandardCharsets.UTF_8);
            assertThat(alerts).hasSize(3);
            assertThat(alerts).anySatisfy(alert -> assertThat(alert).contains("SSH password failure").contains("203.0.113.7"));
            assertThat(alerts).filteredOn(alert -> alert.contains("Failed login")).hasSize(2);
            StringWriter exposition = new StringWriter();
            metrics.write(exposition);
            assertThat(exposition.toString()).contains("vigil_source_records_total");
        }
    }

    @Test
    void badSettingsNameTheConfigurationLine() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, """
                sources:
                  - syslog: {protocol: sctp}
                  - syslog: {protocol: udp, listen: "127.0.0.1:99999"}
                  - http: {listen: "127.0.0.1:0", gzip: true}
                state: %s
                """.formatted(dir.resolve("state")), StandardCharsets.UTF_8);
        List<WatchConfig.Source> sources = WatchConfig.load(config).sources();
        try (Receivers receivers = new Receivers(new Metrics())) {
            assertThatThrownBy(() -> receivers.start((WatchConfig.ReceiverSource) sources.get(0), record -> true, "bad.yml:2"))
                    .hasMessage("bad.yml:2: 'protocol' must be udp or tcp, not 'sctp'");
            assertThatThrownBy(() -> receivers.start((WatchConfig.ReceiverSource) sources.get(1), record -> true, "bad.yml:3"))
                    .hasMessageContaining("bad.yml:3: 'listen' port must be 0 to 65535");
            assertThatThrownBy(() -> receivers.start((WatchConfig.ReceiverSource) sources.get(2), record -> true, "bad.yml:4"))
                    .hasMessageContaining("bad.yml:4: unknown setting 'gzip'");
        }
    }
}
