package dev.vigil.ingest.source;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syslog over TCP (RFC 6587), optionally over TLS (RFC 5425): each connection is framed by {@link SyslogFramer}
 * (octet counting or newline, told apart by the connection's first byte) and each message is one record of format
 * {@code syslog}. When the sink refuses a message, the connection's thread keeps the message and offers it again
 * after a short back-off, reading nothing more from that socket meanwhile: the kernel's receive buffer fills and
 * TCP flow control stops the sender. Nothing is dropped for back-pressure. A message over the maximum size is skipped
 * and counted ({@code reason="oversize"}); a connection whose framing breaks is closed and counted
 * ({@code reason="framing"}); connections over the limit are refused at accept. The source name is
 * {@code syslog-tcp:HOST:PORT} (or {@code syslog-tls:…}).
 */
public final class SyslogTcpReceiver implements AutoCloseable {
    /** Settings; {@code keystore} null means plain TCP. */
    public record Options(InetSocketAddress bind, int maxMessage, int maxConnections, Path keystore, char[] keystorePassword,
                          long retryMillis) {
        public Options {
            if (maxMessage < 1 || maxConnections < 1 || retryMillis < 1) {
                throw new IllegalArgumentException("maxMessage, maxConnections and retryMillis must be positive");
            }
        }

        public static Options plain(InetSocketAddress bind) {
            return new Options(bind, 64 * 1024, 256, null, null, 10);
        }

        public Options withTls(Path keystore, char[] password) {
            return new Options(bind, maxMessage, maxConnections, keystore, password, retryMillis);
        }

        public Options withMaxMessage(int bytes) {
            return new Options(bind, bytes, maxConnections, keystore, keystorePassword, retryMillis);
        }

        public Options withMaxConnections(int connections) {
            return new Options(bind, maxMessage, connections, keystore, keystorePassword, retryMillis);
        }
    }

    private final Options options;
    private final ServerSocket server;
    private final RecordSink sink;
    private final ReceiverCounters counters;
    private final Semaphore connectionSlots;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final AtomicLong open;
    private volatile boolean closed;

    /** Binds now (port 0 picks a free port) and accepts on a daemon thread, one daemon thread per connection. */
    public SyslogTcpReceiver(Options options, RecordSink sink, Metrics metrics) throws IOException {
        this.options = options;
        this.sink = sink;
        this.server = options.keystore() == null ? new ServerSocket() : tlsServerSocket(options.keystore(), options.keystorePassword());
        server.bind(options.bind());
        String scheme = options.keystore() == null ? "syslog-tcp:" : "syslog-tls:";
        this.counters = new ReceiverCounters(metrics, scheme + options.bind().getHostString() + ":" + server.getLocalPort());
        this.connectionSlots = new Semaphore(options.maxConnections());
        this.open = metrics.gauge("vigil_source_connections", "Open connections of a receiver.", "source", counters.source());
        this.acceptor = new Thread(this::accept, counters.source());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static ServerSocket tlsServerSocket(Path keystore, char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return socket;
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("cannot use TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String source() {
        return counters.source();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (!connectionSlots.tryAcquire()) {
                counters.dropped("connection_limit");
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            open.incrementAndGet();
            Thread reader = new Thread(() -> serve(socket), counters.source() + " " + socket.getRemoteSocketAddress());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            SyslogFramer framer = new SyslogFramer(socket.getInputStream(), options.maxMessage(), length -> counters.dropped("oversize"));
            byte[] message;
            while ((message = framer.next()) != null) {
                deliver(counters.record("syslog", message));
            }
        } catch (SyslogFramer.FramingException e) {
            counters.dropped("framing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed) {
                counters.dropped("connection_error");
            }
        } finally {
            connections.remove(socket);
            open.decrementAndGet();
            connectionSlots.release();
        }
    }

    /** Offers until the sink takes it; reads nothing else from this connection meanwhile. */
    private void deliver(SourceRecord record) throws InterruptedException, IOException {
        long heldSince = 0;
        try {
            while (!sink.offer(record)) {
                if (heldSince == 0) {
                    counters.heldBack();
                    heldSince = System.nanoTime();
                }
                if (closed) {
                    throw new IOException("receiver closed while the pipeline was full");
                }
                Thread.sleep(options.retryMillis());
            }
        } finally {
            if (heldSince != 0) {
                counters.heldBackFor(System.nanoTime() - heldSince);
            }
        }
        counters.taken();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the peer sees the connection end
        }
    }

    /** Stops accepting and closes every connection; a message waiting for room in the sink is not delivered. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a server socket that failed to close leaves nothing to do
        }
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
        acceptor.join();
    }
}
