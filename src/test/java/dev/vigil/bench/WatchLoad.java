package dev.vigil.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of {@code tools/bench-watch.sh} and {@code tools/watch-overload.sh}, run in its own process
 * against a running {@code vigil watch}. Prints {@code name: value} lines.
 *
 * <pre>
 * WatchLoad latency  EVENTS RATE SECONDS METRICS_URL ALERTS_FILE PID tcp HOST:PORT | file PATH
 * WatchLoad overload EVENTS FACTOR CALIBRATE_SECONDS SECONDS METRICS_URL PID HTTP_URL TCP_HOST:PORT UDP_HOST:PORT
 * </pre>
 * {@code EVENTS} is a file of JSON lines (one event each). Latency: every event gets {@code BenchSeq} and
 * {@code BenchSentMicros} (the wall clock at the write, microseconds) as its first fields; a reader follows the
 * alert file and takes, for each alert, the time from that stamp to when the alert line was seen. Overload: finds the
 * rate watch processes (TCP, as fast as it takes), then offers {@code FACTOR} times that over HTTP, TCP and UDP at
 * once (a third each) for {@code SECONDS}, and compares what was accepted with what was processed.
 */
public final class WatchLoad {
    private WatchLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 9 && args[0].equals("latency")) {
            latency(args);
        } else if (args.length == 10 && args[0].equals("overload")) {
            overload(args).forEach((name, value) -> System.out.println(name + ": " + value));
        } else {
            System.err.println("usage: WatchLoad latency EVENTS RATE SECONDS METRICS_URL ALERTS_FILE PID tcp HOST:PORT|file PATH\n"
                    + "       WatchLoad overload EVENTS FACTOR CALIBRATE_SECONDS SECONDS METRICS_URL PID HTTP_URL TCP UDP");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------- latency

    private static void latency(String[] args) throws Exception {
        List<byte[]> events = events(Path.of(args[1]));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String metricsUrl = args[4];
        Path alerts = Path.of(args[5]);
        long pid = Long.parseLong(args[6]);
        String mode = args[7];
        String target = args[8];
        String source = mode.equals("tcp") ? "syslog-tcp:" + target : target;
        long processedBefore = sum(scrape(metricsUrl), "vigil_pipeline_records_total", source);
        AlertFollower follower = new AlertFollower(alerts);
        follower.start();
        long cpuBefore = cpuTicks(pid);
        long sent;
        OutputStream out;
        Socket socket = null;
        if (mode.equals("tcp")) {
            socket = new Socket();
            socket.connect(address(target));
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        } else {
            out = new BufferedOutputStream(Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), 1 << 16);
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        sent = 0;
        long blocked = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (now - start) * rate / 1_000_000_000L;
            if (due > sent) {
                long micros = epochMicros();
                for (; sent < due; sent++) {
                    out.write(stamped(events.get((int) (sent % events.size())), sent, micros));
                    out.write('\n');
                }
                long before = System.nanoTime();
                out.flush();
                blocked += Math.max(0, System.nanoTime() - before - 1_000_000L);
            } else {
                Thread.sleep(0, 200_000);
            }
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        out.close();
        long processed = waitForProcessed(metricsUrl, source, processedBefore + sent);
        Thread.sleep(1000); // the last alerts
        follower.stop();
        long cpu = cpuTicks(pid) - cpuBefore;
        double wall = (System.nanoTime() - start) / 1e9;
        long[] latencies = follower.latencies();
        Arrays.sort(latencies);
        String p = mode + "_";
        System.out.println(p + "rate_target: " + rate);
        System.out.println(p + "seconds: " + seconds);
        System.out.printf(Locale.ROOT, "%srate_sent: %.0f%n", p, sent / sendSeconds);
        System.out.println(p + "events_sent: " + sent);
        System.out.println(p + "events_processed: " + (processed - processedBefore));
        System.out.println(p + "events_lost: " + (sent - (processed - processedBefore)));
        System.out.println(p + "alerts: " + latencies.length);
        System.out.println(p + "alerting_events: " + follower.distinct());
        System.out.printf(Locale.ROOT, "%salerting_fraction: %.4f%n", p, sent == 0 ? 0 : follower.distinct() / (double) sent);
        System.out.printf(Locale.ROOT, "%slatency_p50_ms: %.1f%n", p, percentile(latencies, 0.50) / 1000.0);
        System.out.printf(Locale.ROOT, "%slatency_p99_ms: %.1f%n", p, percentile(latencies, 0.99) / 1000.0);
        System.out.printf(Locale.ROOT, "%slatency_max_ms: %.1f%n", p, latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0);
        System.out.printf(Locale.ROOT, "%ssender_blocked_seconds: %.2f%n", p, blocked / 1e9);
        System.out.printf(Locale.ROOT, "%swatch_cpu_seconds: %.1f%n", p, cpu / 100.0);
        System.out.printf(Locale.ROOT, "%swatch_cpu_cores: %.2f%n", p, cpu / 100.0 / wall);
        if (socket != null) {
            socket.close();
        }
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The event with {@code BenchSeq} and {@code BenchSentMicros} put first in its JSON object. */
    static byte[] stamped(byte[] event, long seq, long micros) {
        byte[] head = ("{\"BenchSeq\":" + seq + ",\"BenchSentMicros\":" + micros + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + event.length - 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(event, 1, out, head.length, event.length - 1);
        return out;
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** Follows the alert file from its current end; for each alert line, the time since its event was written. */
    private static final class AlertFollower {
        private final Path file;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Long> latencies = new ArrayList<>();
        private final Set<Long> sequences = new HashSet<>();
        private Thread thread;

        AlertFollower(Path file) {
            this.file = file;
        }

        void start() throws IOException {
            long from = Files.exists(file) ? Files.size(file) : 0;
            thread = new Thread(() -> follow(from), "alert-follower");
            thread.start();
        }

        private void follow(long from) {
            long offset = from;
            StringBuilder partial = new StringBuilder();
            byte[] buffer = new byte[1 << 20];
            while (!stop.get()) {
                try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                    if (in.length() < offset) {
                        offset = 0; // rotated
                    }
                    in.seek(offset);
                    int read = in.read(buffer);
                    if (read <= 0) {
                        Thread.sleep(0, 500_000);
                        continue;
                    }
                    long seen = epochMicros();
                    offset += read;
                    partial.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, newline);
                        partial.delete(0, newline + 1);
                        long sent = number(line, "\"BenchSentMicros\":");
                        long seq = number(line, "\"BenchSeq\":");
                        if (sent > 0) {
                            synchronized (this) {
                                latencies.add(seen - sent);
                                sequences.add(seq);
                            }
                        }
                    }
                } catch (IOException e) {
                    sleepQuietly();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The number after {@code key} (quoted or not), or -1. */
        private static long number(String line, String key) {
            int at = line.indexOf(key);
            if (at < 0) {
                return -1;
            }
            int i = at + key.length();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < line.length() && Character.isDigit(line.charAt(i))) {
                value = value * 10 + (line.charAt(i++) - '0');
                digits++;
            }
            return digits == 0 ? -1 : value;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join();
        }

        synchronized long[] latencies() {
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }

        synchronized int distinct() {
            return sequences.size();
        }
    }

    // ---------------------------------------------------------------- overload

    /** Runs the overload from the command-line arguments; returns the {@code name: value} pairs it prints. */
    public static Map<String, String> overload(String[] args) throws Exception {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        List<byte[]> events = events(Path.of(args[1]));
        double factor = Double.parseDouble(args[2]);
        int calibrate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String metricsUrl = args[5];
        long pid = Long.parseLong(args[6]);
        URI http = URI.create(args[7]);
        InetSocketAddress tcp = address(args[8]);
        InetSocketAddress udp = address(args[9]);
        String udpSource = "syslog-udp:" + args[9];

        // 1. what watch processes: TCP as fast as it takes for 3 × CALIBRATE seconds; the first two thirds warm the JIT
        // up, the rate is that of the last third
        long t0 = System.nanoTime();
        long half = t0 + 2L * calibrate * 1_000_000_000L;
        long before = -1;
        long t1 = 0;
        try (Socket socket = new Socket()) {
            socket.connect(tcp);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            long end = t0 + 3L * calibrate * 1_000_000_000L;
            for (long i = 0; System.nanoTime() < end; i++) {
                out.write(events.get((int) (i % events.size())));
                out.write('\n');
                if (before < 0 && System.nanoTime() >= half) {
                    out.flush();
                    before = total(metricsUrl);
                    t1 = System.nanoTime();
                }
            }
            out.flush();
        }
        long after = total(metricsUrl);
        double capacity = (after - before) / ((System.nanoTime() - t1) / 1e9);
        long baseline = settle(metricsUrl);
        Map<String, Long> metricsBefore = scrape(metricsUrl);

        // 2. FACTOR × capacity for SECONDS, a third over each protocol
        double perChannel = factor * capacity / 3;
        AtomicLong httpOffered = new AtomicLong();
        AtomicLong httpAccepted = new AtomicLong();
        AtomicLong http429 = new AtomicLong();
        AtomicLong httpOther = new AtomicLong();
        AtomicLong tcpSent = new AtomicLong();
        AtomicLong tcpBlockedNanos = new AtomicLong();
        AtomicLong udpSent = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // four forwarders: one alone spends most of its time waiting for answers
            threads.add(new Thread(() -> sendHttp(events, http, perChannel / 4, start, end, httpOffered, httpAccepted, http429, httpOther)));
        }
        threads.add(new Thread(() -> sendTcp(events, tcp, perChannel, start, end, tcpSent, tcpBlockedNanos)));
        threads.add(new Thread(() -> sendUdp(events, udp, perChannel, start, end, udpSent)));
        threads.forEach(Thread::start);
        long peakHeap = 0;
        long peakQueue = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            Map<String, Long> now = scrape(metricsUrl);
            peakHeap = Math.max(peakHeap, now.getOrDefault("vigil_jvm_heap_used_bytes", 0L));
            peakQueue = Math.max(peakQueue, now.getOrDefault("vigil_queue_bytes{queue=\"spool\"}", 0L));
        }
        long processedInWindow = total(metricsUrl) - baseline;
        for (Thread thread : threads) {
            thread.join();
        }
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        long processedEnd = settle(metricsUrl);
        Map<String, Long> m = scrape(metricsUrl);
        long udpReceived = sum(m, "vigil_source_records_total", udpSource) - sum(metricsBefore, "vigil_source_records_total", udpSource);
        long udpCounted = sum(m, "vigil_source_dropped_total", udpSource) - sum(metricsBefore, "vigil_source_dropped_total", udpSource);
        long accepted = httpAccepted.get() + tcpSent.get() + udpReceived;
        long processed = processedEnd - baseline;
        long offered = httpOffered.get() + tcpSent.get() + udpSent.get();
        result.put("capacity_events_per_second", String.format(Locale.ROOT, "%.0f", capacity));
        result.put("offered_target_events_per_second", String.format(Locale.ROOT, "%.0f", factor * capacity));
        result.put("offered_events_per_second", String.format(Locale.ROOT, "%.0f", offered / offeredSeconds));
        result.put("offered_seconds", String.valueOf(seconds));
        result.put("offered_events", String.valueOf(offered));
        result.put("accepted_events", String.valueOf(accepted));
        result.put("processed_events", String.valueOf(processed));
        result.put("processed_events_per_second_under_load", String.format(Locale.ROOT, "%.0f", processedInWindow / (double) seconds));
        result.put("accepted_lost", String.valueOf(accepted - processed));
        result.put("http_offered_events", String.valueOf(httpOffered.get()));
        result.put("http_accepted_events", String.valueOf(httpAccepted.get()));
        result.put("http_429_responses", String.valueOf(http429.get()));
        result.put("http_429_counted", String.valueOf(sum(m, "vigil_http_responses_total", "code=\"429\"")
                - sum(metricsBefore, "vigil_http_responses_total", "code=\"429\"")));
        result.put("http_other_failures", String.valueOf(httpOther.get()));
        result.put("tcp_sent_events", String.valueOf(tcpSent.get()));
        result.put("tcp_sender_blocked_seconds", String.format(Locale.ROOT, "%.1f", tcpBlockedNanos.get() / 1e9));
        result.put("tcp_backpressure_seconds_counted", String.format(Locale.ROOT, "%.1f",
                (sum(m, "vigil_source_backpressure_seconds_total", "syslog-tcp")
                        - sum(metricsBefore, "vigil_source_backpressure_seconds_total", "syslog-tcp")) / 1e9));
        result.put("udp_sent", String.valueOf(udpSent.get()));
        result.put("udp_received", String.valueOf(udpReceived));
        result.put("udp_drops_counted", String.valueOf(udpCounted));
        result.put("udp_drops_uncounted", String.valueOf(udpSent.get() - udpReceived - udpCounted));
        result.put("queue_peak_mib", String.valueOf(peakQueue / (1 << 20)));
        result.put("heap_peak_used_mib", String.valueOf(peakHeap / (1 << 20)));
        result.put("heap_max_mib", String.valueOf(m.getOrDefault("vigil_jvm_heap_max_bytes", 0L) / (1 << 20)));
        result.put("rss_peak_mib", String.valueOf(peakRssKib(pid) / 1024));
        return result;
    }

    private static void sendHttp(List<byte[]> events, URI uri, double rate, long start, long end, AtomicLong offered,
                                 AtomicLong accepted, AtomicLong refused, AtomicLong other) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int batch = 200;
        long next = 0;
        long mine = 0;
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
            if (due < mine + batch) {
                sleep(1);
                continue;
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < batch; i++) {
                body.writeBytes(events.get((int) (next++ % events.size())));
                body.write('\n');
            }
            offered.addAndGet(batch);
            mine += batch;
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 202) {
                    accepted.addAndGet(batch);
                } else if (response.statusCode() == 429 && response.headers().firstValue("Retry-After").isPresent()) {
                    refused.incrementAndGet(); // a worst-case forwarder: keeps offering at its rate instead of waiting
                } else {
                    other.incrementAndGet();
                }
            } catch (IOException e) {
                other.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sendTcp(List<byte[]> events, InetSocketAddress target, double rate, long start, long end,
                                AtomicLong sent, AtomicLong blockedNanos) {
        try (Socket socket = new Socket()) {
            socket.connect(target);
            OutputStream out = socket.getOutputStream();
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (due <= sent.get()) {
                    sleep(1);
                    continue;
                }
                chunk.reset();
                long n = Math.min(due - sent.get(), 500);
                for (long i = 0; i < n; i++) {
                    chunk.writeBytes(events.get((int) ((sent.get() + i) % events.size())));
                    chunk.write('\n');
                }
                long before = System.nanoTime();
                out.write(chunk.toByteArray()); // blocks while watch is not reading: TCP back-pressure
                long took = System.nanoTime() - before;
                if (took > 1_000_000L) {
                    blockedNanos.addAndGet(took);
                }
                sent.addAndGet(n);
            }
        } catch (IOException e) {
            System.err.println("tcp sender: " + e.getMessage());
        }
    }

    private static void sendUdp(List<byte[]> events, InetSocketAddress target, double rate, long start, long end, AtomicLong sent) {
        try (DatagramSocket socket = new DatagramSocket()) {
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (due <= sent.get()) {
                    sleep(1);
                    continue;
                }
                for (long i = sent.get(); i < due; i++) {
                    byte[] event = events.get((int) (i % events.size()));
                    if (event.length > 60_000) {
                        event = events.get(0);
                    }
                    socket.send(new DatagramPacket(event, event.length, target));
                    sent.incrementAndGet();
                }
            }
        } catch (IOException e) {
            System.err.println("udp sender: " + e.getMessage());
        }
    }

    /** Waits until the processed total stops moving (3 s without change, at most 120 s) and returns it. */
    private static long settle(String metricsUrl) throws IOException, InterruptedException {
        long last = total(metricsUrl);
        long stableSince = System.nanoTime();
        long give = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() - stableSince < 3_000_000_000L && System.nanoTime() < give) {
            Thread.sleep(250);
            long now = total(metricsUrl);
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private static long total(String metricsUrl) throws IOException, InterruptedException {
        return sum(scrape(metricsUrl), "vigil_pipeline_records_total", "");
    }

    // ---------------------------------------------------------------- shared

    /** Waits until the source's processed count reaches {@code target}, or stops moving for 10 s; returns it. */
    private static long waitForProcessed(String metricsUrl, String source, long target) throws IOException, InterruptedException {
        long now = sum(scrape(metricsUrl), "vigil_pipeline_records_total", source);
        long last = now;
        long movedAt = System.nanoTime();
        while (now < target && System.nanoTime() - movedAt < 10_000_000_000L) {
            Thread.sleep(50);
            now = sum(scrape(metricsUrl), "vigil_pipeline_records_total", source);
            if (now != last) {
                last = now;
                movedAt = System.nanoTime();
            }
        }
        return now;
    }

    /** The series of a Prometheus text page, by {@code name{labels}}; seconds are turned into nanoseconds. */
    static Map<String, Long> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> out = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            String key = line.substring(0, space);
            out.put(key, key.contains("_seconds") ? Math.round(Double.parseDouble(value) * 1e9) : Long.parseLong(value));
        }
        return out;
    }

    /** The sum of the series of {@code name} whose labels contain {@code labelPart}. */
    static long sum(Map<String, Long> series, String name, String labelPart) {
        long total = 0;
        for (Map.Entry<String, Long> entry : series.entrySet()) {
            String key = entry.getKey();
            if ((key.equals(name) || key.startsWith(name + "{")) && key.contains(labelPart)) {
                total += entry.getValue();
            }
        }
        return total;
    }

    private static List<byte[]> events(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                out.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no JSON lines");
        }
        return out;
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    /** utime + stime of a process in clock ticks (1/100 s), 0 when unknown. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
