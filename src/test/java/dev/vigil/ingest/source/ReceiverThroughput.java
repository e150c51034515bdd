package dev.vigil.ingest.source;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: how fast one TCP connection is framed and handed to a sink that only counts. Run with
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes dev.vigil.ingest.source.ReceiverThroughput 1000000 newline}
 * (or {@code octet}). Sender and receiver share the JVM and the machine; the figure includes JIT warm-up.
 */
public final class ReceiverThroughput {
    private ReceiverThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        boolean counted = args[1].equals("octet");
        AtomicLong received = new AtomicLong();
        RecordSink sink = record -> {
            received.incrementAndGet();
            return true;
        };
        String message = "<13>1 2024-05-01T10:00:00Z host app 123 ID47 - An application event log entry with some text of typical length";
        byte[] frame = (counted ? message.length() + " " + message : message + "\n").getBytes(StandardCharsets.UTF_8);
        SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(new InetSocketAddress("127.0.0.1", 0));
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(options, sink, new Metrics())) {
            long start = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", receiver.port());
                 OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16)) {
                for (int i = 0; i < count; i++) {
                    out.write(frame);
                }
            }
            while (received.get() < count) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s framing: %d messages of %d bytes in %.2f s = %.0f messages/s%n",
                    args[1], count, frame.length, seconds, count / seconds);
        }
    }
}
