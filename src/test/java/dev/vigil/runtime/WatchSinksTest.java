package dev.vigil.runtime;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.ingest.source.FileTail;
import dev.vigil.respond.WebhookSink;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Watch's live alert outputs: a webhook gets every alert, with ids that a replay of the same input repeats. */
class WatchSinksTest {
    private static final Pattern ID = Pattern.compile("\"alert_id\":\"([0-9a-f]+)\"");

    @TempDir
    Path dir;

    private Set<String> watchOnce(RuleSet rules, Path log, String name, URI url, Set<String> received) throws Exception {
        WebhookSink webhook = new WebhookSink(WebhookSink.Options.of(url, dir.resolve(name + ".spool")));
        try (Watch watch = new Watch(WatchTest.detector(rules), rules.correlations(), WatchTest.CLOCK,
                new Watch.Options(List.of(new FileTail.Pattern(log, "json")), dir.resolve(name + "-state"), null, false, null, null),
                new AlertSinks(List.of(), List.of(webhook)))) {
            watch.start();
            watch.poll();
            watch.checkpoint();
            for (int i = 0; i < 500 && webhook.pending() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(webhook.pending()).isZero();
        }
        return received;
    }

    @Test
    void everyAlertReachesTheWebhookAndAReplayRepeatsTheirIds() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, WatchTest.RULES, StandardCharsets.UTF_8);
        RuleSet set = new RuleLoader().addPath(rules).build();
        Path log = dir.resolve("security.json");
        Files.writeString(log, WatchTest.failedLogin(0, "alice") + WatchTest.failedLogin(0, "alice")
                + WatchTest.failedLogin(1, "bob"), StandardCharsets.UTF_8);
        Set<String> received = new ConcurrentSkipListSet<>();
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            Matcher matcher = ID.matcher(body);
            if (matcher.find()) {
                received.add(matcher.group(1));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
            watchOnce(set, log, "first", url, received);
            // two identical events at the same second are two alerts: their positions differ, so their ids do
            assertThat(bodies).hasSize(3);
            assertThat(received).hasSize(3);
            Set<String> first = Set.copyOf(received);
            watchOnce(set, log, "again", url, received); // the same input read again from scratch: the same ids
            assertThat(bodies).hasSize(6);
            assertThat(received).isEqualTo(first);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sinkSettingsAreCheckedWithTheirLine() throws Exception {
        Path config = dir.resolve("vigil.yml");
        Files.writeString(config, """
                sources:
                  - file: /var/log/x.log
                sinks:
                  webhook: {url: "ftp://alerts.example/"}
                """, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WatchConfig.load(config)).hasMessageContaining("vigil.yml:4: 'sinks.webhook.url' must be an http or https URL");
        Files.writeString(config, """
                sources:
                  - file: /var/log/x.log
                state: /tmp/vigil-state
                sinks:
                  webhook: {url: "https://alerts.example/hook"}
                  syslog: {protocol: tcp, target: "siem.example:6514"}
                """, StandardCharsets.UTF_8);
        WatchConfig settings = WatchConfig.load(config);
        assertThat(settings.webhook().spool()).isEqualTo(Path.of("/tmp/vigil-state/webhook.spool"));
        assertThat(settings.syslog().protocol()).isEqualTo("tcp");
        assertThat(settings.syslog().target()).isEqualTo("siem.example:6514");
    }
}
