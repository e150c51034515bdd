package dev.vigil.respond;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSinkTest {
    /** A webhook receiver: records each alert id it takes; answers 503 to the first {@code failFirst} posts. */
    private static final class Receiver implements AutoCloseable {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final Set<String> bodiesMatchingKey = ConcurrentHashMap.newKeySet();
        final AtomicInteger failFirst;
        final HttpServer server;

        Receiver(int port, int failFirst, int status) throws IOException {
            this.failFirst = new AtomicInteger(failFirst);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int answer = this.failFirst.getAndDecrement() > 0 ? 503 : status;
                if (answer == 200) {
                    ids.add(key);
                    if (body.startsWith("{\"alert_id\":\"" + key + "\"")) {
                        bodiesMatchingKey.add(key);
                    }
                }
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static WebhookSink.Options options(int port, Path spool) {
        return WebhookSink.Options.of(URI.create("http://127.0.0.1:" + port + "/hook"), spool)
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).withCompactAfter(20);
    }

    @Test
    void everyAlertArrivesThroughAnOutageAndARestart(@TempDir Path folder) throws Exception {
        Path spool = folder.resolve("webhook.spool");
        int port = freePort();
        Set<String> expected = new HashSet<>();
        // the receiver is down: alerts pile up in the spool, attempts fail
        WebhookSink first = new WebhookSink(options(port, spool));
        for (int i = 0; i < 50; i++) {
            Alert alert = Alerts.alert(i);
            expected.add(alert.id());
            first.send(alert);
        }
        await("a failed attempt", () -> first.failures() > 0);
        assertThat(first.pending()).isEqualTo(50);
        first.close();
        assertThat(Files.size(spool)).isPositive();

        // Vigil restarts on the same spool; the receiver comes up, answering 503 to its first 5 posts
        try (Receiver receiver = new Receiver(port, 5, 200);
             WebhookSink second = new WebhookSink(options(port, spool))) {
            assertThat(second.pending()).isEqualTo(50);
            for (int i = 50; i < 100; i++) {
                Alert alert = Alerts.alert(i);
                expected.add(alert.id());
                second.send(alert);
            }
            await("every alert delivered", () -> second.pending() == 0);
            assertThat(new HashSet<>(receiver.ids)).isEqualTo(expected);
            assertThat(receiver.bodiesMatchingKey).isEqualTo(expected);
            // one attempt per alert at most: each was delivered once, in the order sent
            assertThat(receiver.ids).hasSize(100);
            assertThat(receiver.ids.get(0)).isEqualTo(Alerts.alert(0).id());
            assertThat(second.failures()).isGreaterThanOrEqualTo(5);
        }
        try (WebhookSink third = new WebhookSink(options(port, spool))) {
            assertThat(third.pending()).isZero();
        }
        // compacted as it went: of 200 appends (100 queued, 100 delivered), only those since the last compaction
        // remain, after the ids of the delivered alerts remembered (so that a replay does not queue them again)
        List<String> lines = Files.readAllLines(spool).stream().filter(line -> !line.startsWith("= ")).toList();
        assertThat(lines).hasSizeLessThan(60);
        assertThat(Files.readAllLines(spool).stream().filter(line -> line.startsWith("= ")).map(line -> line.substring(2)))
                .isNotEmpty().allSatisfy(id -> assertThat(expected).contains(id));
        for (String line : lines) {
            if (line.startsWith("+ ")) {
                assertThat(lines).contains("- " + line.substring(2, line.indexOf(' ', 2)));
            }
        }
    }

    @Test
    void anAlertStillPendingIsNotQueuedTwiceAndARefusedOneDoesNotBlockTheRest(@TempDir Path folder) throws Exception {
        Path spool = folder.resolve("s");
        try (Receiver receiver = new Receiver(0, 0, 400);
             WebhookSink sink = new WebhookSink(options(receiver.server.getAddress().getPort(), spool))) {
            sink.send(Alerts.alert(1));
            sink.send(Alerts.alert(2));
            await("both refused for good", () -> sink.rejected() == 2);
            assertThat(sink.pending()).isZero();
            assertThat(sink.delivered()).isZero();
        }
    }

    @Test
    void aTornLastLineIsCutAndACorruptLineIsNamed(@TempDir Path folder) throws Exception {
        Path spool = folder.resolve("s");
        String whole = "+ abc {\"alert_id\":\"abc\"}\n";
        Files.writeString(spool, whole + "+ def {\"alert_id\":\"d");
        try (AlertSpool opened = new AlertSpool(spool, 100)) {
            assertThat(opened.pendingIds()).containsExactly("abc");
        }
        assertThat(Files.readString(spool)).isEqualTo(whole);

        Files.writeString(spool, whole + "- abc\ngarbage\n");
        assertThatThrownBy(() -> new AlertSpool(spool, 100)).isInstanceOf(IOException.class)
                .hasMessage(spool + ":3: not a spool entry (expected '+ ID JSON', '- ID' or '= ID')");
    }

    @Test
    void compactionKeepsOnlyPendingAlerts(@TempDir Path folder) throws Exception {
        Path spool = folder.resolve("s");
        try (AlertSpool queue = new AlertSpool(spool, 3)) {
            for (String id : List.of("a", "b", "c", "d", "e")) {
                queue.add(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            queue.add("a", "{}".getBytes(StandardCharsets.UTF_8));
            queue.remove("a");
            queue.remove("b");
            queue.remove("c");
            // 3 delivered, 2 pending: compacted
            assertThat(Files.readAllLines(spool)).containsExactly("= a", "= b", "= c", "+ d {\"id\":\"d\"}",
                    "+ e {\"id\":\"e\"}");
            queue.remove("d");
            assertThat(queue.first().id()).isEqualTo("e");
        }
        try (AlertSpool reopened = new AlertSpool(spool, 3)) {
            assertThat(reopened.pendingIds()).isEqualTo(Collections.singletonList("e"));
            // a replay after a crash makes delivered alerts again: remembered (before and after compaction), not queued
            for (String id : List.of("a", "b", "c", "d")) {
                reopened.add(id, "{}".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(reopened.pendingIds()).containsExactly("e");
            reopened.add("f", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(reopened.pendingIds()).containsExactly("e", "f");
        }
    }

    @Test
    void aDeliveredMarkIsWrittenAtOnceThoughForcedWithOthers(@TempDir Path folder) throws Exception {
        Path spool = folder.resolve("s");
        try (Receiver receiver = new Receiver(0, 0, 200);
             WebhookSink sink = new WebhookSink(options(receiver.server.getAddress().getPort(), spool).withCompactAfter(1000))) {
            for (int i = 0; i < 30; i++) {
                sink.send(Alerts.alert(i));
            }
            await("every alert delivered", () -> sink.pending() == 0);
            // the sink is still open: what a kill -9 now leaves on disk has every mark, so a restart sends none again
            assertThat(Files.readAllLines(spool)).filteredOn(line -> line.startsWith("- ")).hasSize(30);
            try (AlertSpool reopened = new AlertSpool(spool, 1000)) {
                assertThat(reopened.size()).isZero();
            }
            assertThat(receiver.ids).hasSize(30);
        }
    }
}
