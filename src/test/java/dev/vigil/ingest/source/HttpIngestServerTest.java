package dev.vigil.ingest.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpIngestServerTest {
    private final Metrics metrics = new Metrics();
    private final TestSink sink = new TestSink(3);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpIngestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new HttpIngestServer(HttpIngestServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)).withMaxBody(200).withDrainSeconds(0),
                sink, metrics);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsABatchLineByLine() throws Exception {
        HttpResponse<String> response = post("{\"EventID\":4625}\r\n\n{\"a\":[1,{\"b\":2}]}\n");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(sink.take(2)).containsExactly("{\"EventID\":4625}", "{\"a\":[1,{\"b\":2}]}");
        assertThat(metrics.value(ReceiverCounters.RECORDS, "source", server.source())).isEqualTo(2);
        assertThat(server.source()).isEqualTo("http:127.0.0.1:" + server.port());
    }

    @Test
    void aFullPipelineGets429WithRetryAfterAndNothingOfTheBatchIsTaken() throws Exception {
        assertThat(post("{\"n\":1}\n{\"n\":2}").statusCode()).isEqualTo(202);
        HttpResponse<String> refused = post("{\"n\":3}\n{\"n\":4}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(sink.size()).isEqualTo(2);
        assertThat(sink.take(2)).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(post("{\"n\":3}\n{\"n\":4}").statusCode()).isEqualTo(202);
        assertThat(sink.take(2)).containsExactly("{\"n\":3}", "{\"n\":4}");
        assertThat(metrics.value(ReceiverCounters.BACKPRESSURE, "source", server.source())).isEqualTo(1);
    }

    @Test
    void aLineThatIsNotJsonIsNamedAndNothingIsTaken() throws Exception {
        HttpResponse<String> response = post("{\"ok\":1}\n\n{\"broken\":\n");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("line 3: not JSON");
        assertThat(sink.size()).isZero();
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        HttpResponse<String> response = post("{\"x\":\"" + "y".repeat(300) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(sink.size()).isZero();
        assertThat(metrics.value(ReceiverCounters.DROPPED, "source", server.source(), "reason", "body_too_large")).isEqualTo(1);
    }

    @Test
    void healthzMetricsAndWrongMethods() throws Exception {
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        post("{\"n\":1}");
        HttpResponse<String> metricsPage = get("/metrics");
        assertThat(metricsPage.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metricsPage.body()).contains("# TYPE vigil_source_records_total counter\n")
                .contains("vigil_source_records_total{source=\"" + server.source() + "\"} 1\n");
        assertThat(get("/ingest").statusCode()).isEqualTo(405);
        assertThat(get("/healthz/more").statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }
}
