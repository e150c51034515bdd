package dev.vigil.ingest.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} (the {@link Metrics} registry in Prometheus text format 0.0.4) and {@code GET /healthz}
 * ({@code 200 ok}) on their own port, for a watch that has no HTTP ingest endpoint or wants them apart from it. The
 * ingest endpoint serves the same two paths through {@link #addContexts}.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    /** Binds now (port 0 picks a free port) and serves on one daemon thread. */
    public MetricsServer(InetSocketAddress bind, Metrics metrics) throws IOException {
        server = HttpServer.create(bind, 0);
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vigil-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        addContexts(server, metrics);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds {@code /metrics} and {@code /healthz} to {@code server}. */
    static void addContexts(HttpServer server, Metrics metrics) {
        server.createContext("/healthz", exchange -> {
            try (exchange) {
                if (get(exchange)) {
                    answer(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                }
            }
        });
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (get(exchange)) {
                    StringWriter text = new StringWriter();
                    try {
                        metrics.write(text);
                    } catch (RuntimeException e) {
                        answer(exchange, 500, "text/plain; charset=utf-8", "metrics failed: " + e + "\n");
                        return;
                    }
                    answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
                }
            }
        });
    }

    private static boolean get(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
            answer(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            return false;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            answer(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
            return false;
        }
        return true;
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
