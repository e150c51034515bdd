package dev.vigil.respond;

import dev.vigil.engine.Detection;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Sends each alert as one RFC 5424 message, over UDP (one datagram, RFC 5426) or TCP with octet-counting framing
 * (RFC 6587). The header is {@code <PRI>1 TIMESTAMP HOSTNAME vigil - alert}: the facility is configured, the severity
 * follows the rule's level (critical 2, high 3, medium 4, low 5, informational 6), the timestamp is when the message
 * is sent (UTC, milliseconds). Structured data: {@code [alert@32473 id rule_id rule_title level tags playbook
 * source_file source_format record event_time]} and, for a correlation, {@code [group@32473 NAME="VALUE" …]} with
 * the group-by values (names cut to the 32 characters RFC 5424 allows, characters it forbids replaced with
 * {@code _}). 32473 is the private enterprise number RFC 5612 reserves for documentation: a site with its own number
 * should use it (see docs/watch-sources-sinks.md). The message is a BOM and the rule title. A TCP connection is
 * opened on first use, again when the receiver has closed it, and once more when a send fails; a second failure is
 * thrown. Syslog has no acknowledgement: a message written while the receiver is closing the connection can be lost
 * (the webhook sink is the one that guarantees delivery).
 */
public final class SyslogSink implements AlertSink {
    public enum Transport { UDP, TCP }

    public record Options(Transport transport, InetSocketAddress target, int facility, String hostname) {
        public Options {
            if (facility < 0 || facility > 23) {
                throw new IllegalArgumentException("syslog facility must be 0–23, not " + facility);
            }
        }
    }

    static final String ENTERPRISE = "32473";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Options options;
    private final Clock clock;
    private final String hostname;
    private DatagramSocket datagrams;
    private SocketChannel connection;

    public SyslogSink(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.hostname = headerField(options.hostname(), 255);
    }

    @Override
    public synchronized void send(Alert alert) throws IOException {
        byte[] message = format(alert);
        if (options.transport() == Transport.UDP) {
            if (datagrams == null) {
                datagrams = new DatagramSocket();
            }
            datagrams.send(new DatagramPacket(message, message.length, options.target()));
            return;
        }
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + message.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(message, 0, frame, length.length, message.length);
        try {
            write(frame);
        } catch (IOException first) {
            closeConnection();
            write(frame);
        }
    }

    private void write(byte[] frame) throws IOException {
        if (connection != null && peerClosed()) {
            closeConnection();
        }
        if (connection == null) {
            connection = SocketChannel.open();
            connection.socket().connect(options.target(), 10_000);
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        while (buffer.hasRemaining()) {
            connection.write(buffer);
        }
    }

    /**
     * Whether the receiver has closed its end: a write into such a connection would succeed locally and be lost, so
     * look (without blocking) for the end of stream first. A syslog receiver sends nothing, so anything read is
     * discarded.
     */
    private boolean peerClosed() throws IOException {
        connection.configureBlocking(false);
        try {
            ByteBuffer probe = ByteBuffer.allocate(256);
            int read;
            while ((read = connection.read(probe)) > 0) {
                probe.clear();
            }
            return read < 0;
        } catch (IOException reset) {
            return true;
        } finally {
            connection.configureBlocking(true);
        }
    }

    byte[] format(Alert alert) {
        Detection detection = alert.detection();
        int priority = options.facility() * 8 + severity(detection.rule().level().label());
        StringBuilder text = new StringBuilder();
        text.append('<').append(priority).append(">1 ")
                .append(TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))).append(' ')
                .append(hostname).append(" vigil - alert ");
        text.append("[alert@").append(ENTERPRISE);
        param(text, "id", alert.id());
        param(text, "rule_id", detection.rule().id());
        param(text, "rule_title", detection.rule().title());
        param(text, "level", detection.rule().level().label());
        param(text, "tags", String.join(",", detection.rule().tags()));
        param(text, "playbook", detection.rule().playbook());
        param(text, "source_file", detection.event().origin().source());
        param(text, "source_format", detection.event().origin().format());
        param(text, "record", Long.toString(detection.event().origin().record()));
        param(text, "event_time", detection.timestamp() == null ? null : detection.timestamp().toString());
        text.append(']');
        if (!alert.groupBy().isEmpty()) {
            text.append("[group@").append(ENTERPRISE);
            for (Map.Entry<String, String> entry : alert.groupBy().entrySet()) {
                param(text, sdName(entry.getKey()), entry.getValue());
            }
            text.append(']');
        }
        text.append(' ');
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        String title = detection.rule().title() == null ? detection.rule().displayId() : detection.rule().title();
        byte[] body = title.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + BOM.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(BOM, 0, message, head.length, BOM.length);
        System.arraycopy(body, 0, message, head.length + BOM.length, body.length);
        return message;
    }

    static int severity(String level) {
        return switch (level) {
            case "critical" -> 2;
            case "high" -> 3;
            case "medium" -> 4;
            case "low" -> 5;
            default -> 6;
        };
    }

    /** A parameter with its value escaped as RFC 5424 section 6.3.3 asks ({@code "}, {@code \} and {@code ]}); none when null. */
    private static void param(StringBuilder text, String name, String value) {
        if (value == null) {
            return;
        }
        text.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                text.append('\\');
            }
            text.append(c);
        }
        text.append('"');
    }

    /** An SD-NAME: 1 to 32 printable US-ASCII characters other than {@code = ] "} and space. */
    static String sdName(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 32; i++) {
            char c = name.charAt(i);
            out.append(c > 32 && c < 127 && c != '=' && c != ']' && c != '"' ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    /** A header field: printable US-ASCII, at most {@code max} characters, {@code -} when empty. */
    private static String headerField(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.toString();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // the connection is being replaced anyway
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
        if (datagrams != null) {
            datagrams.close();
        }
    }
}
