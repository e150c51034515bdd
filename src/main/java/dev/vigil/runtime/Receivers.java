package dev.vigil.runtime;

import dev.vigil.ingest.source.HttpIngestServer;
import dev.vigil.ingest.source.Metrics;
import dev.vigil.ingest.source.RecordSink;
import dev.vigil.ingest.source.SyslogTcpReceiver;
import dev.vigil.ingest.source.SyslogUdpReceiver;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The network sources of a watch configuration ({@code syslog:} and {@code http:} entries), started on a
 * {@link RecordSink}. Settings:
 * <pre>
 * - syslog: {protocol: udp|tcp, listen: "ADDRESS:PORT", max-message: BYTES, tls: {keystore: FILE, password: TEXT}}
 * - http:   {listen: "ADDRESS:PORT", max-body: BYTES}
 * </pre>
 * {@code listen} defaults to {@code 0.0.0.0:514} (syslog) and {@code 127.0.0.1:8514} (http); port 0 picks a free one.
 * {@code vigil watch} gives them its {@link RecordSpool} as the sink: records are spooled to disk before they are
 * processed, and an HTTP batch is answered 202 only once it is on disk.
 */
public final class Receivers implements AutoCloseable {
    /** A started receiver: what it is, where it listens, and how to stop it. */
    public record Started(String source, int port, AutoCloseable stop) {
    }

    /** A setting that is wrong, with the configuration line. */
    public static final class SettingException extends Exception {
        public SettingException(String message) {
            super(message);
        }
    }

    private final List<Started> started = new ArrayList<>();
    private final Metrics metrics;

    public Receivers(Metrics metrics) {
        this.metrics = metrics;
    }

    public Metrics metrics() {
        return metrics;
    }

    public List<Started> started() {
        return List.copyOf(started);
    }

    /** Starts one {@code syslog:} or {@code http:} source; {@code where} names the configuration file and line. */
    public Started start(WatchConfig.ReceiverSource source, RecordSink sink, String where) throws SettingException, IOException {
        YamlNode.Mapping settings = source.settings();
        Started one;
        if (source.kind().equals("syslog")) {
            only(settings, Set.of("protocol", "listen", "max-message", "tls"), where);
            String protocol = text(settings, "protocol", "udp", where);
            InetSocketAddress bind = address(text(settings, "listen", "0.0.0.0:514", where), where);
            int maxMessage = number(settings, "max-message", 65_536, where);
            if (protocol.equals("udp")) {
                if (settings.get("tls") != null) {
                    throw new SettingException(where + ": 'tls' needs protocol: tcp");
                }
                SyslogUdpReceiver udp = new SyslogUdpReceiver(bind, maxMessage, sink, metrics);
                one = new Started(udp.source(), udp.port(), udp::close);
            } else if (protocol.equals("tcp")) {
                SyslogTcpReceiver.Options options = SyslogTcpReceiver.Options.plain(bind).withMaxMessage(maxMessage);
                YamlNode tls = settings.get("tls");
                if (tls != null) {
                    if (!(tls instanceof YamlNode.Mapping tlsSettings)) {
                        throw new SettingException(where + ": 'tls' must be a map with keystore and password");
                    }
                    only(tlsSettings, Set.of("keystore", "password"), where);
                    options = options.withTls(Path.of(text(tlsSettings, "keystore", null, where)),
                            text(tlsSettings, "password", "", where).toCharArray());
                }
                SyslogTcpReceiver tcp = new SyslogTcpReceiver(options, sink, metrics);
                one = new Started(tcp.source(), tcp.port(), tcp::close);
            } else {
                throw new SettingException(where + ": 'protocol' must be udp or tcp, not '" + protocol + "'");
            }
        } else {
            only(settings, Set.of("listen", "max-body"), where);
            InetSocketAddress bind = address(text(settings, "listen", "127.0.0.1:8514", where), where);
            HttpIngestServer.Options options = HttpIngestServer.Options.defaults(bind);
            if (settings.get("max-body") != null) {
                options = options.withMaxBody(number(settings, "max-body", 0, where));
            }
            HttpIngestServer http = new HttpIngestServer(options, sink, metrics);
            one = new Started(http.source(), http.port(), http::close);
        }
        started.add(one);
        return one;
    }

    /** Stops every receiver; the first failure is reported after all were asked to stop. */
    @Override
    public void close() throws IOException {
        Exception first = null;
        for (Started one : started) {
            try {
                one.stop().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        started.clear();
        if (first != null) {
            throw first instanceof IOException io ? io : new IOException("stopping a receiver: " + first.getMessage(), first);
        }
    }

    private static void only(YamlNode.Mapping settings, Set<String> known, String where) throws SettingException {
        for (YamlNode.Entry entry : settings.entries()) {
            if (!known.contains(entry.key().text())) {
                throw new SettingException(where + ": unknown setting '" + entry.key().text() + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(YamlNode.Mapping settings, String key, String fallback, String where) throws SettingException {
        YamlNode node = settings.get(key);
        if (node == null) {
            if (fallback == null) {
                throw new SettingException(where + ": '" + key + "' is required");
            }
            return fallback;
        }
        if (!(node instanceof YamlNode.Scalar scalar)) {
            throw new SettingException(where + ": '" + key + "' must be a single value");
        }
        return scalar.text();
    }

    private static int number(YamlNode.Mapping settings, String key, int fallback, String where) throws SettingException {
        String text = text(settings, key, Integer.toString(fallback), where);
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SettingException(where + ": '" + key + "' must be a positive whole number, not '" + text + "'");
        }
    }

    /** {@code ADDRESS:PORT} ({@code [v6]:PORT} too) as a socket address; errors name {@code where}. */
    public static InetSocketAddress address(String text, String where) throws SettingException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new SettingException(where + ": 'listen' must be ADDRESS:PORT, not '" + text + "'");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new SettingException(where + ": 'listen' port must be 0 to 65535 in '" + text + "'");
        }
    }
}
