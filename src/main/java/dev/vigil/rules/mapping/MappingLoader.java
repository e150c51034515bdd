package dev.vigil.rules.mapping;

import dev.vigil.rules.LogSource;
import dev.vigil.rules.RuleException;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads mapping data files. A file holds {@code shapes:} and/or {@code family:} with {@code logsources:}; the
 * format is documented in {@code docs/mapping.md}. Errors name the file and line; a bad mapping file stops the
 * program, since running with a half-read mapping would silently miss detections.
 */
public final class MappingLoader {
    /** The built-in data files, read from the class path in this order. */
    public static final List<String> BUILT_IN = List.of("shapes.yml", "webserver.yml", "windows.yml", "linux.yml", "exchange.yml",
            "sharepoint.yml", "m365.yml");

    private final SafeYaml yaml = new SafeYaml(YamlLimits.RULES);
    private final List<Shape> shapes = new ArrayList<>();
    private final List<LogsourceEntry> entries = new ArrayList<>();

    /** A mapping file that cannot be used. */
    public static final class MappingException extends Exception {
        public MappingException(String message) {
            super(message);
        }
    }

    public static LogsourceMapping builtIn() {
        MappingLoader loader = new MappingLoader();
        try {
            loader.addBuiltIn();
        } catch (MappingException e) {
            throw new IllegalStateException("built-in mapping data is broken: " + e.getMessage(), e);
        }
        return loader.build();
    }

    public MappingLoader addBuiltIn() throws MappingException {
        for (String name : BUILT_IN) {
            String resource = "/dev/vigil/mapping/" + name;
            try (InputStream input = MappingLoader.class.getResourceAsStream(resource)) {
                if (input == null) {
                    throw new MappingException(resource + ": missing from the build");
                }
                addText(resource, new String(input.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    public MappingLoader addFile(Path file) throws MappingException {
        try {
            return addText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MappingException(file + ": cannot read: " + e.getMessage());
        }
    }

    public MappingLoader addText(String name, String text) throws MappingException {
        try {
            for (YamlNode document : yaml.parseAll(text)) {
                if (!(document instanceof YamlNode.Mapping mapping)) {
                    throw new RuleException(document.line(), "a mapping file must be a map");
                }
                addDocument(name, mapping);
            }
        } catch (YamlException e) {
            throw new MappingException(name + ":" + e.line() + ": " + e.getMessage());
        } catch (RuleException e) {
            throw new MappingException(name + ":" + e.line() + ": " + e.getMessage());
        }
        return this;
    }

    public LogsourceMapping build() {
        return new LogsourceMapping(shapes, entries);
    }

    private void addDocument(String file, YamlNode.Mapping document) throws RuleException {
        for (YamlNode.Entry entry : document.entries()) {
            String key = entry.key().text();
            if (!List.of("shapes", "family", "logsources").contains(key)) {
                throw new RuleException(entry.key().line(), "unknown key '" + key + "' (expected shapes, family, logsources)");
            }
        }
        if (document.get("shapes") instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                shapes.add(shape(map(item, "a shape")));
            }
        } else if (document.get("shapes") != null) {
            throw new RuleException(document.get("shapes").line(), "'shapes' must be a list");
        }
        YamlNode logsources = document.get("logsources");
        if (logsources != null) {
            String family = text(document, "family", true);
            if (!(logsources instanceof YamlNode.Sequence list)) {
                throw new RuleException(logsources.line(), "'logsources' must be a list");
            }
            for (YamlNode item : list.items()) {
                addEntries(file, family, map(item, "a logsource entry"));
            }
        }
    }

    private Shape shape(YamlNode.Mapping node) throws RuleException {
        Map<String, FieldSource> fields = fieldSources(node.get("fields"));
        return new Shape(text(node, "name", true), text(node, "family", true), texts(node.get("formats")),
                texts(node.get("detect")), fields, texts(node.get("prefixes")), texts(node.get("timestamp")),
                texts(node.get("namevalue")));
    }

    private void addEntries(String file, String family, YamlNode.Mapping node) throws RuleException {
        YamlNode.Mapping logsourceNode = map(node.get("logsource"), "'logsource'");
        LogSource logSource = new LogSource(text(logsourceNode, "product", false), text(logsourceNode, "category", false),
                text(logsourceNode, "service", false));
        if (logSource.isEmpty()) {
            throw new RuleException(logsourceNode.line(), "logsource names no product, category or service");
        }
        Map<String, FieldSource> fields = fieldSources(node.get("fields"));
        YamlNode when = node.get("when");
        List<YamlNode.Mapping> alternatives = new ArrayList<>();
        if (when == null) {
            throw new RuleException(node.line(), "logsource entry has no 'when' (use {} for every event of the family)");
        } else if (when instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                alternatives.add(map(item, "a 'when' condition"));
            }
        } else {
            alternatives.add(map(when, "'when'"));
        }
        for (YamlNode.Mapping alternative : alternatives) {
            Map<String, List<String>> conditions = new LinkedHashMap<>();
            for (YamlNode.Entry condition : alternative.entries()) {
                List<String> values = texts(condition.value());
                if (values.isEmpty()) {
                    throw new RuleException(condition.key().line(), "condition '" + condition.key().text() + "' has no value");
                }
                conditions.put(condition.key().text(), values);
            }
            entries.add(new LogsourceEntry(family, logSource, conditions, fields, file, alternative.line()));
        }
    }

    /**
     * {@code name: raw} or {@code name: [raw1, raw2]} (first present), or {@code name: {values: [template…]}}.
     */
    private static Map<String, FieldSource> fieldSources(YamlNode node) throws RuleException {
        Map<String, FieldSource> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        for (YamlNode.Entry entry : map(node, "'fields'").entries()) {
            YamlNode value = entry.value();
            if (value instanceof YamlNode.Mapping valueMap) {
                List<FieldSource.Template> templates = new ArrayList<>();
                for (String template : texts(valueMap.get("values"))) {
                    templates.add(Templates.parse(template, value.line()));
                }
                if (templates.isEmpty()) {
                    throw new RuleException(value.line(), "field '" + entry.key().text() + "' needs 'values'");
                }
                result.put(entry.key().text(), new FieldSource.Values(templates));
            } else {
                List<String> names = texts(value);
                if (names.isEmpty()) {
                    throw new RuleException(value.line(), "field '" + entry.key().text() + "' maps to nothing");
                }
                result.put(entry.key().text(), new FieldSource.First(names));
            }
        }
        return result;
    }

    private static YamlNode.Mapping map(YamlNode node, String what) throws RuleException {
        if (node instanceof YamlNode.Mapping mapping) {
            return mapping;
        }
        throw new RuleException(node == null ? 0 : node.line(), what + " must be a map");
    }

    private static String text(YamlNode.Mapping node, String key, boolean required) throws RuleException {
        YamlNode value = node.get(key);
        if (value instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return scalar.text();
        }
        if (value == null || value instanceof YamlNode.Scalar) {
            if (required) {
                throw new RuleException(node.line(), "missing '" + key + "'");
            }
            return null;
        }
        throw new RuleException(value.line(), "'" + key + "' must be text");
    }

    private static List<String> texts(YamlNode node) throws RuleException {
        List<String> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (node instanceof YamlNode.Scalar scalar) {
            if (!scalar.isNull()) {
                result.add(scalar.text());
            }
            return result;
        }
        if (node instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlNode.Scalar scalar)) {
                    throw new RuleException(item.line(), "expected plain values, found " + item.describe());
                }
                result.add(scalar.text());
            }
            return result;
        }
        throw new RuleException(node.line(), "expected a value or a list, found " + node.describe());
    }
}
