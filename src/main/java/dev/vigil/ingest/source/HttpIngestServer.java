package dev.vigil.ingest.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP endpoint of {@code vigil watch} (JDK HTTP server):
 * <ul>
 * <li>{@code POST /ingest}: an NDJSON body, each line one record of format {@code json}. {@code 202} when the whole
 * batch was taken; {@code 429} with {@code Retry-After} when the pipeline is full (nothing of the batch taken, so the
 * sender retries it whole); {@code 400} naming the first line that is not a JSON object (nothing taken);
 * {@code 413} for a body over the limit.</li>
 * <li>{@code GET /healthz}: {@code 200 ok}.</li>
 * <li>{@code GET /metrics}: the {@link Metrics} registry in Prometheus text format.</li>
 * </ul>
 * The source name of the records is {@code http:HOST:PORT}.
 */
public final class HttpIngestServer implements AutoCloseable {
    /** {@code drainSeconds}: how long {@link #close} lets requests under way finish. */
    public record Options(InetSocketAddress bind, int maxBody, int retryAfterSeconds, int threads, int drainSeconds) {
        public Options {
            if (maxBody < 1 || retryAfterSeconds < 1 || threads < 1 || drainSeconds < 0) {
                throw new IllegalArgumentException("maxBody, retryAfterSeconds and threads must be positive, drainSeconds not negative");
            }
        }

        public static Options defaults(InetSocketAddress bind) {
            return new Options(bind, 10 * 1024 * 1024, 1, 4, 1);
        }

        public Options withMaxBody(int bytes) {
            return new Options(bind, bytes, retryAfterSeconds, threads, drainSeconds);
        }

        public Options withDrainSeconds(int seconds) {
            return new Options(bind, maxBody, retryAfterSeconds, threads, seconds);
        }
    }

    private static final String TEXT = "text/plain; charset=utf-8";

    private final Options options;
    private final RecordSink sink;
    private final Metrics metrics;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ReceiverCounters counters;

    /** Binds now (port 0 picks a free port) and starts serving. */
    public HttpIngestServer(Options options, RecordSink sink, Metrics metrics) throws IOException {
        this.options = options;
        this.sink = sink;
        this.metrics = metrics;
        this.server = HttpServer.create(options.bind(), 0);
        this.counters = new ReceiverCounters(metrics, "http:" + options.bind().getHostString() + ":" + server.getAddress().getPort());
        this.executor = Executors.newFixedThreadPool(options.threads(), runnable -> {
            Thread thread = new Thread(runnable, counters.source());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/ingest", this::ingest);
        MetricsServer.addContexts(server, metrics);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String source() {
        return counters.source();
    }

    private void ingest(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/ingest")) {
                answer(exchange, 404, "not found\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "use POST with an NDJSON body\n");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                counters.dropped("body_too_large");
                answer(exchange, 413, "body over " + options.maxBody() + " bytes\n");
                return;
            }
            List<byte[]> lines;
            try {
                lines = NdjsonBatch.split(body);
            } catch (NdjsonBatch.BatchException e) {
                counters.dropped("bad_json");
                answer(exchange, 400, e.getMessage() + "\n");
                return;
            }
            List<SourceRecord> batch = new ArrayList<>(lines.size());
            for (byte[] line : lines) {
                batch.add(counters.record("json", line));
            }
            boolean taken;
            try {
                taken = batch.isEmpty() || sink.offerAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                taken = false;
            }
            if (taken) {
                counters.taken(batch.size());
                answer(exchange, 202, "accepted " + batch.size() + "\n");
            } else {
                counters.heldBack();
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(options.retryAfterSeconds()));
                answer(exchange, 429, "pipeline full: retry the whole batch\n");
            }
        }
    }

    /** The body, or {@code null} when it is longer than the limit (then it is not read further). */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > options.maxBody()) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the server itself rejects a malformed Content-Length; read and count what comes
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(options.maxBody() + 1);
            return body.length > options.maxBody() ? null : body;
        }
    }

    private void answer(HttpExchange exchange, int status, String text) throws IOException {
        if (exchange.getHttpContext().getPath().equals("/ingest")) {
            counters.answered(status);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", TEXT);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving; requests under way get up to {@code drainSeconds} to finish. */
    @Override
    public void close() throws InterruptedException {
        server.stop(options.drainSeconds());
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
