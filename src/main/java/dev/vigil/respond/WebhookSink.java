package dev.vigil.respond;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts each alert as JSON ({@link AlertJson}) to a URL, at least once. {@link #send} appends the alert to a spool
 * file and forces it to disk before returning; a delivery thread posts the spooled alerts oldest first, one at a
 * time, and marks each delivered on a 2xx answer: the mark is written at once and forced to disk with the others of
 * the last {@link #MARK_SYNC} ms (or when nothing is left to send), not one fsync per alert, which on a busy machine
 * held delivery to about a hundred alerts a second. A failure (no connection, timeout, 408, 429, 5xx) is retried after
 * a back-off that doubles from {@code initialBackoff} up to {@code maxBackoff}, for as long as it takes: alerts
 * survive the receiver being down and Vigil restarting (a new sink on the same spool sends what is left). Any other
 * answer (a 4xx: the receiver will never take it) is given up on and counted in {@link #rejected()}, so that one bad
 * alert cannot block the rest. Every request carries the alert's id in {@code Idempotency-Key}, so that the receiver
 * can drop the repeats at-least-once brings (an alert posted just before a crash, not yet marked delivered; after a
 * machine crash, also those whose marks were not yet forced).
 */
public final class WebhookSink implements AlertSink {
    /** How long a written delivered mark may wait for its fsync. */
    static final long MARK_SYNC = 100;

    public record Options(URI url, Path spool, Duration timeout, Duration initialBackoff, Duration maxBackoff, int compactAfter) {
        public static Options of(URI url, Path spool) {
            return new Options(url, spool, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(30), 1000);
        }

        public Options withBackoff(Duration initial, Duration max) {
            return new Options(url, spool, timeout, initial, max, compactAfter);
        }

        public Options withCompactAfter(int delivered) {
            return new Options(url, spool, timeout, initialBackoff, maxBackoff, delivered);
        }
    }

    private final Options options;
    private final AlertSpool spool;
    private final HttpClient client;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean closed;

    /** Opens (or creates) the spool and starts delivering what it holds. */
    public WebhookSink(Options options) throws IOException {
        this.options = options;
        this.spool = new AlertSpool(options.spool(), options.compactAfter());
        this.client = HttpClient.newBuilder().connectTimeout(options.timeout()).build();
        this.thread = new Thread(this::deliver, "webhook " + options.url());
        thread.setDaemon(true);
        thread.start();
    }

    /** Alerts are on disk when {@link #send} returns, and one already spooled or delivered is not spooled again. */
    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void send(Alert alert) throws IOException {
        synchronized (spool) {
            if (closed) {
                throw new IOException("webhook sink is closed");
            }
            spool.add(alert.id(), AlertJson.toJson(alert));
            spool.notifyAll();
        }
    }

    private void deliver() {
        long backoff = options.initialBackoff().toMillis();
        long synced = System.nanoTime();
        while (true) {
            AlertSpool.Entry next;
            synchronized (spool) {
                if (spool.size() == 0 || System.nanoTime() - synced >= MARK_SYNC * 1_000_000) {
                    syncMarks();
                    synced = System.nanoTime();
                }
                while (!closed && spool.size() == 0) {
                    try {
                        spool.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = spool.first();
            }
            int status = post(next);
            if (status / 100 == 2 || isPermanent(status)) {
                if (status / 100 == 2) {
                    delivered.incrementAndGet();
                } else {
                    rejected.incrementAndGet();
                }
                synchronized (spool) {
                    try {
                        spool.remove(next.id());
                    } catch (IOException e) {
                        // not marked: it will be sent again, which the id makes harmless
                        failures.incrementAndGet();
                    }
                }
                backoff = options.initialBackoff().toMillis();
            } else {
                failures.incrementAndGet();
                synchronized (spool) {
                    syncMarks();
                    try {
                        if (!closed) {
                            spool.wait(backoff);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
            }
        }
    }

    /** Forces the delivered marks; a failure leaves them to a later force (at worst, those alerts are sent again). */
    private void syncMarks() {
        try {
            spool.sync();
        } catch (IOException e) {
            failures.incrementAndGet();
        }
    }

    private static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** The HTTP status, or -1 when there was none (no connection, timeout). */
    private int post(AlertSpool.Entry entry) {
        attempts.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(options.url())
                .timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", entry.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(entry.json()))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Alerts on disk not yet delivered. */
    public int pending() {
        synchronized (spool) {
            return spool.size();
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long attempts() {
        return attempts.get();
    }

    /** Attempts that failed and will be retried. */
    public long failures() {
        return failures.get();
    }

    /** Alerts the receiver refused for good (a 4xx other than 408 and 429). */
    public long rejected() {
        return rejected.get();
    }

    /** Stops delivering (an attempt under way finishes); what is pending stays in the spool for the next start. */
    @Override
    public void close() throws IOException {
        synchronized (spool) {
            closed = true;
            spool.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (spool) {
            spool.close();
        }
    }
}
