package dev.vigil.ingest.source;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;

/**
 * Syslog over UDP (RFC 5426): one datagram is one record of format {@code syslog}. UDP has no way to push back, so
 * when the sink refuses a datagram it is dropped and counted in {@code vigil_source_dropped_total{reason="queue_full"}};
 * an empty datagram is counted with {@code reason="empty"}. A datagram longer than {@code maxMessage} is dropped and
 * counted with {@code reason="oversize"}. Datagrams the kernel dropped because the socket's receive buffer was full
 * (the receiver thread fell behind) never reach the receiver; on Linux they are read from the socket's {@code drops}
 * column of {@code /proc/net/udp} and {@code /proc/net/udp6} at each scrape and shown as
 * {@code reason="receive_buffer"}. The source name is {@code syslog-udp:HOST:PORT}.
 */
public final class SyslogUdpReceiver implements AutoCloseable {
    private final DatagramSocket socket;
    private final RecordSink sink;
    private final int maxMessage;
    private final ReceiverCounters counters;
    private final Thread thread;

    /** Binds now (port 0 picks a free port) and starts receiving on a daemon thread. */
    public SyslogUdpReceiver(InetSocketAddress bind, int maxMessage, RecordSink sink, Metrics metrics) throws IOException {
        this.socket = new DatagramSocket(bind);
        this.sink = sink;
        this.maxMessage = maxMessage;
        this.counters = new ReceiverCounters(metrics, "syslog-udp:" + bind.getHostString() + ":" + socket.getLocalPort());
        java.util.concurrent.atomic.AtomicLong kernel = metrics.counter(ReceiverCounters.DROPPED,
                "Records a source lost, by reason.", "source", counters.source(), "reason", "receive_buffer");
        int port = socket.getLocalPort();
        metrics.onScrape(() -> {
            long drops = kernelDrops(port);
            if (drops > kernel.get() && !socket.isClosed()) {
                kernel.set(drops);
            }
        });
        this.thread = new Thread(this::run, counters.source());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String source() {
        return counters.source();
    }

    private void run() {
        // one byte more than allowed, so that a longer datagram shows as truncated
        byte[] buffer = new byte[maxMessage + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                counters.dropped("receive_error");
                continue;
            }
            int length = packet.getLength();
            if (length > maxMessage) {
                counters.dropped("oversize");
                continue;
            }
            if (length == 0) {
                counters.dropped("empty");
                continue;
            }
            byte[] data = Arrays.copyOf(buffer, length);
            if (sink.offer(counters.record("syslog", data))) {
                counters.taken();
            } else {
                counters.dropped("queue_full");
            }
        }
    }

    /** The {@code drops} column of the UDP sockets bound to {@code port} (Linux), 0 where it cannot be read. */
    static long kernelDrops(int port) {
        String local = String.format(java.util.Locale.ROOT, ":%04X", port);
        long drops = 0;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] columns = line.strip().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
                    if (columns.length >= 13 && columns[1].endsWith(local)) {
                        drops += Long.parseLong(columns[12]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the table changed shape: no kernel figure
            }
        }
        return drops;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
