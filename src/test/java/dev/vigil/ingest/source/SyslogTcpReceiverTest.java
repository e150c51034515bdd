package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogTcpReceiverTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static void write(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void newlineAndOctetCountingConnectionsSideBySide() throws Exception {
        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(100);
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(SyslogTcpReceiver.Options.plain(ANY_PORT), sink, metrics);
             Socket lines = new Socket("127.0.0.1", receiver.port());
             Socket counted = new Socket("127.0.0.1", receiver.port())) {
            write(lines, "<13>first\r\n");
            assertThat(sink.take(1)).containsExactly("<13>first");
            write(counted, "13 <13>two\nlines");
            assertThat(sink.take(1)).containsExactly("<13>two\nlines");
            write(lines, "<13>third\n");
            SourceRecord third = sink.take();
            assertThat(third.source()).isEqualTo("syslog-tcp:127.0.0.1:" + receiver.port());
            assertThat(third.position()).isEqualTo(3);
            // counted just after the sink took it: wait for the receiver thread to get there
            Await.until("3 records counted", () -> metrics.value(ReceiverCounters.RECORDS, "source", receiver.source()) == 3);
        }
    }

    @Test
    void oversizeIsSkippedAndBrokenFramingClosesOnlyThatConnection() throws Exception {
        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(100);
        SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(ANY_PORT).withMaxMessage(10);
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(options, sink, metrics);
             Socket good = new Socket("127.0.0.1", receiver.port());
             Socket broken = new Socket("127.0.0.1", receiver.port())) {
            write(good, "<1>this is too long\n<1>fits\n");
            assertThat(sink.take(1)).containsExactly("<1>fits");
            assertThat(metrics.value(ReceiverCounters.DROPPED, "source", receiver.source(), "reason", "oversize")).isEqualTo(1);
            write(broken, "3 abcX");
            assertThat(sink.take(1)).containsExactly("abc");
            Await.until("the broken connection closed", () ->
                    metrics.value(ReceiverCounters.DROPPED, "source", receiver.source(), "reason", "framing") == 1);
            assertThat(broken.getInputStream().read()).isEqualTo(-1);
            write(good, "<1>still\n");
            assertThat(sink.take(1)).containsExactly("<1>still");
        }
    }

    @Test
    void connectionsOverTheLimitAreRefused() throws Exception {
        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(100);
        SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(ANY_PORT).withMaxConnections(1);
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(options, sink, metrics);
             Socket first = new Socket("127.0.0.1", receiver.port())) {
            write(first, "<1>a\n");
            sink.take();
            try (Socket second = new Socket("127.0.0.1", receiver.port())) {
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(metrics.value(ReceiverCounters.DROPPED, "source", receiver.source(), "reason", "connection_limit")).isEqualTo(1);
        }
    }

    @Test
    void aFullSinkStopsReadingSoTheSenderBlocksAndNothingIsLost() throws Exception {
        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(Integer.MAX_VALUE);
        sink.refuse(true);
        byte[] message = ("<13>" + "m".repeat(995) + "\n").getBytes(StandardCharsets.UTF_8);
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(SyslogTcpReceiver.Options.plain(ANY_PORT), sink, metrics);
             SocketChannel sender = SocketChannel.open(new InetSocketAddress("127.0.0.1", receiver.port()))) {
            sender.configureBlocking(false);
            long messages = 0;
            ByteBuffer pending = ByteBuffer.wrap(message);
            int stalled = 0;
            // write until the kernel buffers on both sides are full: TCP flow control has pushed back
            while (stalled < 50) {
                if (sender.write(pending) == 0) {
                    stalled++;
                    Thread.sleep(10);
                    continue;
                }
                stalled = 0;
                if (!pending.hasRemaining()) {
                    messages++;
                    pending = ByteBuffer.wrap(message);
                }
                assertThat(messages).as("the receiver kept reading while its sink was full").isLessThan(1_000_000);
            }
            assertThat(sink.size()).isZero();
            assertThat(metrics.value(ReceiverCounters.BACKPRESSURE, "source", receiver.source())).isEqualTo(1);
            sink.refuse(false);
            sender.configureBlocking(true);
            while (pending.hasRemaining()) {
                sender.write(pending);
            }
            messages++;
            long expected = messages;
            Await.until(expected + " records", () -> sink.size() == expected);
            assertThat(metrics.value(ReceiverCounters.DROPPED, "source", receiver.source(), "reason", "queue_full")).isZero();
            for (long i = 1; i <= expected; i++) {
                assertThat(sink.take().position()).isEqualTo(i);
            }
        }
    }

    @Test
    void tlsWithAPkcs12Keystore(@TempDir Path folder) throws Exception {
        Path keystore = folder.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(keytoolOutput).isZero();

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        Metrics metrics = new Metrics();
        TestSink sink = new TestSink(100);
        SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(ANY_PORT).withTls(keystore, password);
        try (SyslogTcpReceiver receiver = new SyslogTcpReceiver(options, sink, metrics);
             SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", receiver.port())) {
            socket.startHandshake();
            write(socket, "9 <13>x\ny z");
            List<String> got = new ArrayList<>(sink.take(1));
            assertThat(got).containsExactly("<13>x\ny z");
            assertThat(receiver.source()).startsWith("syslog-tls:");
        }
    }

    @Test
    void aBadKeystoreIsAClearError(@TempDir Path folder) throws Exception {
        Path keystore = folder.resolve("not-a-keystore.p12");
        Files.writeString(keystore, "nope");
        SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(ANY_PORT).withTls(keystore, "x".toCharArray());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyslogTcpReceiver(options, new TestSink(1), new Metrics()))
                .hasMessageContaining("cannot use TLS keystore " + keystore);
    }
}
