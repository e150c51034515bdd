package dev.vigil.runtime;

import dev.vigil.rules.RuleParser;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code vigil watch --config FILE} file (see {@code docs/watch.md}). Relative paths are resolved against the
 * file's folder. Every error names the file and line.
 */
public record WatchConfig(List<Source> sources, List<Path> rulePaths, boolean builtIn, Path state, boolean console,
                          Watch.JsonlSink jsonl, Duration suppress, Duration lateness, Webhook webhook, SyslogOut syslog,
                          Operations operations, long spoolMaxBytes) {

    /**
     * {@code metrics: {listen: ADDRESS:PORT}}: where {@code /metrics} and {@code /healthz} are served on their own
     * (null: only on an {@code http:} source's port).
     */
    public record Operations(String metricsListen, int line) {
        public static final Operations DEFAULT = new Operations(null, 0);
    }

    /** {@code sinks.webhook: {url, spool}}: JSON POST per alert, queued in the spool file until delivered. */
    public record Webhook(java.net.URI url, Path spool, int line) {
    }

    /** {@code sinks.syslog: {protocol: udp|tcp, target: HOST:PORT}}: RFC 5424 alerts. */
    public record SyslogOut(String protocol, String target, int line) {
    }

    /** A source of the {@code sources:} list. */
    public sealed interface Source permits FileSource, StdinSource, ReceiverSource {
        int line();
    }

    /** {@code file: GLOB} (wildcards in the file name), read as {@code format} (null: detected). */
    public record FileSource(Path glob, String format, int line) implements Source {
    }

    /** {@code stdin: true}. */
    public record StdinSource(String format, int line) implements Source {
    }

    /**
     * {@code syslog:} and {@code http:} receivers: parsed here into their settings, started by the receivers of
     * {@code dev.vigil.ingest.source} (delivered by another change; until then {@code vigil watch} refuses them).
     */
    public record ReceiverSource(String kind, YamlNode.Mapping settings, String format, int line) implements Source {
    }

    /** A configuration error, with file and line in its message. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }

    private static final Set<String> TOP = Set.of("sources", "rules", "state", "sinks", "suppress", "lateness",
            "spool-max-bytes", "metrics");

    public static WatchConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static WatchConfig parse(Path file, String text) throws ConfigException {
        List<YamlNode> documents;
        try {
            documents = new SafeYaml(YamlLimits.RULES).parseAll(text);
        } catch (YamlException e) {
            throw new ConfigException(file + ":" + e.line() + ": " + e.getMessage());
        }
        if (documents.size() != 1) {
            throw new ConfigException(file + ": expected one YAML document, found " + documents.size());
        }
        Path base = file.toAbsolutePath().getParent();
        Parser p = new Parser(file, base);
        YamlNode.Mapping root = p.mapping(documents.get(0), "the configuration");
        for (YamlNode.Entry entry : root.entries()) {
            if (!TOP.contains(entry.key().text())) {
                throw p.error(entry.key(), "unknown key '" + entry.key().text() + "' (known: " + String.join(", ",
                        TOP.stream().sorted().toList()) + ")");
            }
        }
        List<Source> sources = new ArrayList<>();
        YamlNode sourceList = root.get("sources");
        if (sourceList == null) {
            throw p.error(root, "'sources' is missing: list at least one source");
        }
        for (YamlNode item : p.sequence(sourceList, "'sources'")) {
            sources.add(p.source(item));
        }
        if (sources.isEmpty()) {
            throw p.error(sourceList, "'sources' is empty: list at least one source");
        }
        List<Path> rulePaths = new ArrayList<>();
        boolean builtIn = true;
        YamlNode rules = root.get("rules");
        if (rules != null) {
            YamlNode.Mapping map = p.mapping(rules, "'rules'");
            p.onlyKeys(map, Set.of("paths", "builtin"));
            if (map.get("paths") != null) {
                for (YamlNode path : p.sequence(map.get("paths"), "'rules.paths'")) {
                    rulePaths.add(p.path(path, "a rule path"));
                }
            }
            if (map.get("builtin") != null) {
                builtIn = p.bool(map.get("builtin"), "'rules.builtin'");
            }
        }
        Path state = root.get("state") == null ? base.resolve("vigil-state") : p.path(root.get("state"), "'state'");
        boolean console = false;
        Watch.JsonlSink jsonl = null;
        Webhook webhook = null;
        SyslogOut syslog = null;
        YamlNode sinks = root.get("sinks");
        if (sinks == null) {
            console = true;
        } else {
            YamlNode.Mapping map = p.mapping(sinks, "'sinks'");
            p.onlyKeys(map, Set.of("console", "jsonl", "webhook", "syslog"));
            if (map.get("webhook") != null) {
                YamlNode.Mapping w = p.mapping(map.get("webhook"), "'sinks.webhook'");
                p.onlyKeys(w, Set.of("url", "spool"));
                if (w.get("url") == null) {
                    throw p.error(w, "'sinks.webhook' needs a 'url'");
                }
                String url = p.text(w.get("url"), "'sinks.webhook.url'");
                java.net.URI uri;
                try {
                    uri = java.net.URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw p.error(w.get("url"), "'sinks.webhook.url' is not a URL: " + url);
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw p.error(w.get("url"), "'sinks.webhook.url' must be an http or https URL, not '" + url + "'");
                }
                webhook = new Webhook(uri, w.get("spool") == null ? null : p.path(w.get("spool"), "'sinks.webhook.spool'"),
                        w.line());
            }
            if (map.get("syslog") != null) {
                YamlNode.Mapping y = p.mapping(map.get("syslog"), "'sinks.syslog'");
                p.onlyKeys(y, Set.of("protocol", "target"));
                if (y.get("target") == null) {
                    throw p.error(y, "'sinks.syslog' needs a 'target' (HOST:PORT)");
                }
                String protocol = y.get("protocol") == null ? "udp" : p.text(y.get("protocol"), "'sinks.syslog.protocol'");
                if (!protocol.equals("udp") && !protocol.equals("tcp")) {
                    throw p.error(y.get("protocol"), "'sinks.syslog.protocol' must be udp or tcp, not '" + protocol + "'");
                }
                syslog = new SyslogOut(protocol, p.text(y.get("target"), "'sinks.syslog.target'"), y.line());
            }
            if (map.get("console") != null) {
                console = p.bool(map.get("console"), "'sinks.console'");
            }
            if (map.get("jsonl") != null) {
                YamlNode.Mapping j = p.mapping(map.get("jsonl"), "'sinks.jsonl'");
                p.onlyKeys(j, Set.of("path", "max-bytes", "keep"));
                if (j.get("path") == null) {
                    throw p.error(j, "'sinks.jsonl' needs a 'path'");
                }
                jsonl = new Watch.JsonlSink(p.path(j.get("path"), "'sinks.jsonl.path'"),
                        j.get("max-bytes") == null ? 0 : p.number(j.get("max-bytes"), "'max-bytes'"),
                        j.get("keep") == null ? 5 : (int) p.number(j.get("keep"), "'keep'"));
            }
        }
        Duration suppress = root.get("suppress") == null ? Duration.ZERO : p.duration(root.get("suppress"), "'suppress'");
        Duration lateness = root.get("lateness") == null ? Duration.ZERO : p.duration(root.get("lateness"), "'lateness'");
        if (webhook != null && webhook.spool() == null) {
            webhook = new Webhook(webhook.url(), state.resolve("webhook.spool"), webhook.line());
        }
        long spoolMaxBytes = root.get("spool-max-bytes") == null ? RecordSpool.DEFAULT_MAX_BYTES
                : p.number(root.get("spool-max-bytes"), "'spool-max-bytes'");
        if (spoolMaxBytes < 65_536) { // a segment is at least 64 KiB
            throw p.error(root.get("spool-max-bytes"), "'spool-max-bytes' must be at least 65536, not " + spoolMaxBytes);
        }
        return new WatchConfig(List.copyOf(sources), List.copyOf(rulePaths), builtIn, state, console, jsonl, suppress,
                lateness, webhook, syslog, operations(p, root), spoolMaxBytes);
    }

    private static Operations operations(Parser p, YamlNode.Mapping root) throws ConfigException {
        int line = 0;
        String listen = null;
        if (root.get("metrics") != null) {
            YamlNode.Mapping m = p.mapping(root.get("metrics"), "'metrics'");
            p.onlyKeys(m, Set.of("listen"));
            if (m.get("listen") == null) {
                throw p.error(m, "'metrics' needs 'listen' (ADDRESS:PORT)");
            }
            listen = p.text(m.get("listen"), "'metrics.listen'");
            line = m.line();
        }
        return new Operations(listen, line);
    }

    private record Parser(Path file, Path base) {
        ConfigException error(YamlNode node, String message) {
            return new ConfigException(file + ":" + node.line() + ": " + message);
        }

        YamlNode.Mapping mapping(YamlNode node, String what) throws ConfigException {
            if (node instanceof YamlNode.Mapping map) {
                return map;
            }
            throw error(node, what + " must be a map, not " + node.describe());
        }

        List<YamlNode> sequence(YamlNode node, String what) throws ConfigException {
            if (node instanceof YamlNode.Sequence list) {
                return list.items();
            }
            throw error(node, what + " must be a list, not " + node.describe());
        }

        String text(YamlNode node, String what) throws ConfigException {
            if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                return scalar.text();
            }
            throw error(node, what + " must be a string, not " + node.describe());
        }

        boolean bool(YamlNode node, String what) throws ConfigException {
            if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.BOOLEAN) {
                return scalar.booleanValue();
            }
            throw error(node, what + " must be true or false, not " + node.describe());
        }

        long number(YamlNode node, String what) throws ConfigException {
            if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.INTEGER) {
                try {
                    long value = Long.parseLong(scalar.text());
                    if (value >= 0) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error
                }
            }
            throw error(node, what + " must be a whole number of at least 0, not " + node.describe());
        }

        Duration duration(YamlNode node, String what) throws ConfigException {
            String text = text(node, what);
            return RuleParser.parseTimespan(text).orElseThrow(() ->
                    error(node, what + ": '" + text + "' is not a duration (a number and s, m, h, d or w: 30s, 10m)"));
        }

        Path path(YamlNode node, String what) throws ConfigException {
            String text = text(node, what);
            try {
                return base.resolve(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw error(node, what + ": '" + text + "' is not a path: " + e.getReason());
            }
        }

        void onlyKeys(YamlNode.Mapping map, Set<String> known) throws ConfigException {
            for (YamlNode.Entry entry : map.entries()) {
                if (!known.contains(entry.key().text())) {
                    throw error(entry.key(), "unknown key '" + entry.key().text() + "' (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        Source source(YamlNode item) throws ConfigException {
            YamlNode.Mapping map = mapping(item, "a source");
            String format = map.get("format") == null ? null : text(map.get("format"), "'format'");
            if (map.get("file") != null) {
                onlyKeys(map, Set.of("file", "format"));
                Path glob = path(map.get("file"), "'file'");
                String folder = glob.getParent() == null ? "" : glob.getParent().toString();
                if (folder.contains("*") || folder.contains("?") || folder.contains("[") || folder.contains("{")) {
                    throw error(map.get("file"), "wildcards are allowed in the file name only, not in its folder");
                }
                return new FileSource(glob, format, map.line());
            }
            if (map.get("stdin") != null) {
                onlyKeys(map, Set.of("stdin", "format"));
                if (!bool(map.get("stdin"), "'stdin'")) {
                    throw error(map.get("stdin"), "'stdin: false' is no source; leave the entry out");
                }
                return new StdinSource(format, map.line());
            }
            for (String kind : List.of("syslog", "http")) {
                if (map.get(kind) != null) {
                    return new ReceiverSource(kind, mapping(map.get(kind), "'" + kind + "'"), format, map.line());
                }
            }
            throw error(map, "a source needs one of 'file', 'stdin', 'syslog' or 'http'");
        }
    }
}
